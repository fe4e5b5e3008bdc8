package io.edgetally.sim.barn;

import io.edgetally.barn.curing.BarnOutputs;
import io.edgetally.barn.curing.schedule.FanSpeed;

/**
 * What physically reaches the barn's loads during a step: the relay contacts and the damper motor's command.
 * Faults ({@link BarnFault}) act after this, as they do in a real barn.
 *
 * @param heaterStagesOn     resistive stages energised, or 1 for the heat pump's compressor (heating mode)
 * @param dehumidify         heat pump only: run the compressor in dehumidify mode (evaporator in the barn air);
 *                           this runs the compressor even with {@code heaterStagesOn == 0}
 * @param damperOpenFraction the damper motor's commanded position, 0 closed .. 1 open
 * @param fan                circulation fan contactors
 */
public record Actuation(int heaterStagesOn, boolean dehumidify, double damperOpenFraction, FanSpeed fan) {

    public static final Actuation ALL_OFF = new Actuation(0, false, 0.0, FanSpeed.OFF);

    public Actuation {
        if (heaterStagesOn < 0) {
            throw new IllegalArgumentException("heaterStagesOn must be >= 0, was " + heaterStagesOn);
        }
        if (!(damperOpenFraction >= 0.0 && damperOpenFraction <= 1.0)) {
            throw new IllegalArgumentException("damperOpenFraction must be in [0, 1], was " + damperOpenFraction);
        }
        if (fan == null) {
            throw new IllegalArgumentException("fan speed is required (OFF, LOW or HIGH)");
        }
    }

    /** The controller's outputs as wired one-to-one through healthy relays. */
    public static Actuation of(BarnOutputs outputs) {
        return new Actuation(outputs.heaterStagesOn(), outputs.dehumidifierOn(), outputs.damperOpenFraction(),
                outputs.fan());
    }
}
