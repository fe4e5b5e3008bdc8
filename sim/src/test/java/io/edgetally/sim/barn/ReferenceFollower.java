package io.edgetally.sim.barn;

import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.io.TemperatureReading;
import java.util.List;

/**
 * A deliberately simple schedule follower for calibrating the barn model (not the product's controller): PI
 * heat on the ramped dry-bulb target through time-proportioned stages, PI damper on the wet bulb, and a
 * process-time clock that pauses the ramp while the barn lags by more than 2 K.
 */
final class ReferenceFollower {

    /** One schedule step; step 0 (load) has no heat and a fixed duration. */
    record Step(String stage, double dryCelsius, double wetCelsius, double rampPerHour, double holdHours,
                FanSpeed fan) {}

    /** The middle-leaf schedule the product controller follows, with a fan plan. */
    static List<Step> middleLeaf(FanSpeed yellowingFan, FanSpeed fixingFan, FanSpeed stemFan) {
        return List.of(
                new Step("yellowing", Double.NaN, Double.NaN, 0.0, 3.0, FanSpeed.HIGH),
                new Step("yellowing", 35.0, 34.0, 1.0, 8.0, yellowingFan),
                new Step("yellowing", 38.0, 35.5, 0.5, 22.0, yellowingFan),
                new Step("yellowing", 42.0, 36.5, 0.5, 8.0, yellowingFan),
                new Step("colour fixing", 47.0, 37.5, 0.4, 14.0, fixingFan),
                new Step("colour fixing", 54.0, 38.0, 0.7, 12.0, fixingFan),
                new Step("stem drying", 60.0, 39.5, 1.0, 0.0, stemFan),
                new Step("stem drying", 68.0, 42.0, 1.0, 14.0, stemFan));
    }

    private static final double CYCLE_SECONDS = 600.0;

    private final List<Step> steps;
    private final int heaterStages;
    private int index;
    private double stepSeconds;
    private double holdSeconds;
    private double rampFromDry = Double.NaN;
    private double rampFromWet = Double.NaN;
    private double targetDry;
    private double targetWet;
    private double heatIntegral;
    private double damperIntegral;
    private double clockSeconds;
    private boolean ramping;

    ReferenceFollower(List<Step> steps, int heaterStages) {
        this.steps = steps;
        this.heaterStages = heaterStages;
    }

    boolean finished() {
        return index >= steps.size();
    }

    int stepIndex() {
        return index;
    }

    Step step() {
        return steps.get(index);
    }

    boolean ramping() {
        return ramping;
    }

    double targetDry() {
        return targetDry;
    }

    double targetWet() {
        return targetWet;
    }

    /** One control period: read, decide, return what the relays and damper motor receive. */
    Actuation control(SensorReadings readings, double dtSeconds) {
        clockSeconds += dtSeconds;
        Step step = steps.get(index);
        double dry = value(readings.dryBulb());
        double wet = value(readings.wetBulb());
        if (index == 0) {
            stepSeconds += dtSeconds;
            targetDry = dry;
            targetWet = wet;
            if (stepSeconds >= step.holdHours() * 3600.0) {
                advance(dry, wet);
            }
            return new Actuation(0, false, 0.0, step.fan());
        }
        if (Double.isNaN(rampFromDry)) {
            rampFromDry = dry;
            rampFromWet = Math.min(wet, step.wetCelsius());
            targetDry = dry;
        }
        ramping = targetDry < step.dryCelsius();
        if (ramping && Math.abs(dry - targetDry) < 2.0) {
            targetDry = Math.min(step.dryCelsius(), targetDry + step.rampPerHour() * dtSeconds / 3600.0);
        }
        double progress = step.dryCelsius() == rampFromDry ? 1.0
                : Math.max(0.0, Math.min(1.0, (targetDry - rampFromDry) / (step.dryCelsius() - rampFromDry)));
        targetWet = rampFromWet + progress * (step.wetCelsius() - rampFromWet);
        if (!ramping && Math.abs(dry - step.dryCelsius()) < 1.0) {
            holdSeconds += dtSeconds;
        }

        // PI heat, time-proportioned over the stages within a ten-minute cycle.
        double error = targetDry - dry;
        double demand = 0.35 * error + heatIntegral;
        if (demand > 0.0 && demand < 1.0 || demand >= 1.0 && error < 0.0 || demand <= 0.0 && error > 0.0) {
            heatIntegral += 0.35 * error * dtSeconds / 1800.0;
        }
        demand = Math.max(0.0, Math.min(1.0, 0.35 * error + heatIntegral));
        double stagesExact = demand * heaterStages;
        int stages = (int) Math.floor(stagesExact);
        double fraction = stagesExact - stages;
        if ((clockSeconds % CYCLE_SECONDS) < fraction * CYCLE_SECONDS) {
            stages++;
        }

        // PI damper on the wet bulb: open when the air is too wet.
        double wetError = wet - targetWet;
        double damper = 0.25 * wetError + damperIntegral;
        if (damper > 0.0 && damper < 1.0 || damper >= 1.0 && wetError < 0.0 || damper <= 0.0 && wetError > 0.0) {
            damperIntegral += 0.25 * wetError * dtSeconds / 900.0;
        }
        damper = Math.max(0.0, Math.min(1.0, 0.25 * wetError + damperIntegral));

        Actuation out = new Actuation(Math.min(stages, heaterStages), false, damper, step.fan());
        if (!ramping && holdSeconds >= step.holdHours() * 3600.0) {
            advance(targetDry, targetWet);
        }
        return out;
    }

    private void advance(double dry, double wet) {
        index++;
        holdSeconds = 0.0;
        stepSeconds = 0.0;
        rampFromDry = index == 1 ? Double.NaN : dry;
        rampFromWet = wet;
        targetDry = dry;
    }

    private static double value(TemperatureReading reading) {
        return switch (reading) {
            case TemperatureReading.Valid valid -> valid.celsius();
            case TemperatureReading.Invalid invalid -> throw new IllegalStateException(
                    "the reference follower needs healthy probes: " + invalid.detail());
        };
    }
}
