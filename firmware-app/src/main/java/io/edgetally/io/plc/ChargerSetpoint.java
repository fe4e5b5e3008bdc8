package io.edgetally.io.plc;

/**
 * The power one charger may draw from the grid until the next cycle.
 *
 * @param slot    the charger's slot number
 * @param powerKw grid-side (AC input) power, >= 0
 */
public record ChargerSetpoint(int slot, double powerKw) {

    public ChargerSetpoint {
        if (!(powerKw >= 0) || Double.isInfinite(powerKw)) {
            throw new IllegalArgumentException("setpoint for slot " + slot + " must be finite and >= 0, got "
                    + powerKw);
        }
    }
}
