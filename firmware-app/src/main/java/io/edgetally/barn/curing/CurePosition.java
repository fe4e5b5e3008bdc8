package io.edgetally.barn.curing;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a cure stands, saved at every step change and about once a minute so a power cut of hours resumes the
 * same step.
 *
 * @param stepIndex      the current step
 * @param phase          its phase when saved
 * @param stepElapsed    process time counted towards this step's hold
 * @param totalElapsed   process time of the whole cure (ramps and holds on the curve)
 * @param extension      operator extensions of this step's hold
 * @param rampDryCelsius the ramped dry-bulb setpoint (the last measured value in a step with no target)
 * @param rampWetCelsius the ramped wet-bulb setpoint
 * @param savedAt        when it was saved (injected clock); the outage is measured from here
 */
public record CurePosition(
        int stepIndex,
        CurePhase phase,
        Duration stepElapsed,
        Duration totalElapsed,
        Duration extension,
        double rampDryCelsius,
        double rampWetCelsius,
        Instant savedAt) {

    public CurePosition {
        if (stepIndex < 0) {
            throw new IllegalArgumentException("stepIndex must be >= 0, was " + stepIndex);
        }
        if (stepElapsed.isNegative() || totalElapsed.isNegative() || extension.isNegative()) {
            throw new IllegalArgumentException("elapsed times must not be negative: " + stepElapsed + ", "
                    + totalElapsed + ", " + extension);
        }
    }
}
