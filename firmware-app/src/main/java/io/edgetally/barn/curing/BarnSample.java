package io.edgetally.barn.curing;

import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.io.TemperatureReading;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One point of the curing curve, as stored in {@code barn_samples}.
 *
 * @param dryCelsius  empty while the probe is faulted
 * @param importKwh   the meter's cumulative import register, if read
 */
public record BarnSample(
        Instant at,
        int stepIndex,
        CurePhase phase,
        OptionalDouble dryCelsius,
        OptionalDouble wetCelsius,
        OptionalDouble dryTargetCelsius,
        OptionalDouble wetTargetCelsius,
        int heaterStages,
        double damperOpenFraction,
        FanSpeed fan,
        OptionalDouble importKwh) {

    /** The sample for a cycle's display state; targets are the ramped setpoints (empty in a step with no target). */
    public static BarnSample of(CureState s, OptionalDouble importKwh) {
        return new BarnSample(s.at(), s.stepIndex(), s.phase(), value(s.dryBulb()), value(s.wetBulb()),
                s.rampDryCelsius(), s.rampWetCelsius(), s.outputs().heaterStagesOn(),
                s.outputs().damperOpenFraction(), s.outputs().fan(), importKwh);
    }

    private static OptionalDouble value(TemperatureReading r) {
        return r instanceof TemperatureReading.Valid(double c) ? OptionalDouble.of(c) : OptionalDouble.empty();
    }
}
