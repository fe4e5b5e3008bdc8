package io.edgetally.barn.curing;

import io.edgetally.barn.curing.schedule.FanSpeed;

/**
 * What the controller wants written to the barn's actuators at the end of a cycle.
 *
 * @param heaterStagesOn     resistive stages energised (0..n), or 0/1 for a heat pump's compressor
 * @param dehumidifierOn     a heat pump's condensing dehumidify mode (false on resistive barns)
 * @param damperOpenFraction moist-air damper opening, 0 = closed, 1 = fully open
 * @param fan                circulation fan speed
 */
public record BarnOutputs(int heaterStagesOn, boolean dehumidifierOn, double damperOpenFraction, FanSpeed fan) {

    public BarnOutputs {
        if (heaterStagesOn < 0) {
            throw new IllegalArgumentException("heaterStagesOn must be >= 0, was " + heaterStagesOn);
        }
        if (!(damperOpenFraction >= 0.0 && damperOpenFraction <= 1.0)) {
            throw new IllegalArgumentException("damperOpenFraction must be in [0, 1], was " + damperOpenFraction);
        }
    }

    /** Heat off, fan on to carry heat away, damper as it was: what a fault drives the barn to. */
    public static BarnOutputs heatOff(double damperOpenFraction, FanSpeed fan) {
        return new BarnOutputs(0, false, damperOpenFraction, fan);
    }
}
