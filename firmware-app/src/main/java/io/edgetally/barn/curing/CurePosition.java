package io.edgetally.barn.curing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a cure stands, saved after every control cycle (the cycle's heartbeat), so a crash or a power cut of hours
 * resumes the same step with the process time of the last completed cycle.
 *
 * @param stepIndex      the current step
 * @param phase          its phase when saved
 * @param stepElapsed    process time counted towards this step's hold
 * @param totalElapsed   process time of the whole cure (ramps and holds on the curve)
 * @param extension      operator extensions of this step's hold
 * @param rampDryCelsius the ramped dry-bulb setpoint (the last measured value in a step with no target)
 * @param rampWetCelsius the ramped wet-bulb setpoint
 * @param savedAt        the time of the cycle that saved it (injected clock): the last moment the barn is known to
 *                       have been under control, from which the outage is measured
 * @param loops          the control loops' state, so a barn still on the curve carries on without a bump
 * @param memory         everything else the control carries from cycle to cycle, taken up by a restart within the
 *                       tuning's {@code maxCycleGap} (see {@link ControlMemory}); empty in a position saved before
 *                       there was one, or after a long outage
 */
public record CurePosition(
        int stepIndex,
        CurePhase phase,
        Duration stepElapsed,
        Duration totalElapsed,
        Duration extension,
        double rampDryCelsius,
        double rampWetCelsius,
        Instant savedAt,
        Loops loops,
        Optional<ControlMemory> memory) {

    /**
     * What the dry- and wet-bulb loops had built up: a PI loop restarted from zero lets a barn in its hold sag off the
     * curve for minutes (its heat came from the integral), which stops the process clock.
     *
     * @param heatIntegral       the dry-bulb PI loop's integral, as a demand 0..1 of the installed heat
     * @param damperOpenFraction the damper opening the wet-bulb loop last commanded, 0..1
     */
    public record Loops(double heatIntegral, double damperOpenFraction) {
        /** A new cure's loops, and what a position saved before the loops were saved takes up. */
        public static final Loops NONE = new Loops(0.0, 0.0);
    }

    /** A position with the loops of a new cure. */
    public CurePosition(int stepIndex, CurePhase phase, Duration stepElapsed, Duration totalElapsed,
                        Duration extension, double rampDryCelsius, double rampWetCelsius, Instant savedAt) {
        this(stepIndex, phase, stepElapsed, totalElapsed, extension, rampDryCelsius, rampWetCelsius, savedAt,
                Loops.NONE);
    }

    /** A position without a control memory. */
    public CurePosition(int stepIndex, CurePhase phase, Duration stepElapsed, Duration totalElapsed,
                        Duration extension, double rampDryCelsius, double rampWetCelsius, Instant savedAt,
                        Loops loops) {
        this(stepIndex, phase, stepElapsed, totalElapsed, extension, rampDryCelsius, rampWetCelsius, savedAt, loops,
                Optional.empty());
    }

    /** The same position with {@code m} as its memory. */
    public CurePosition withMemory(Optional<ControlMemory> m) {
        return new CurePosition(stepIndex, phase, stepElapsed, totalElapsed, extension, rampDryCelsius,
                rampWetCelsius, savedAt, loops, m);
    }

    /** The same position without its memory: a restart that must judge the barn afresh. */
    public CurePosition withoutMemory() {
        return withMemory(Optional.empty());
    }

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
