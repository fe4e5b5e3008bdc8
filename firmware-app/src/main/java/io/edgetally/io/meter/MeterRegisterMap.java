package io.edgetally.io.meter;

import io.edgetally.io.modbus.RegisterField;
import java.util.Optional;

/**
 * Where one meter model keeps the values the controller books: a small named class per model, with the vendor
 * document it follows named in its source. Adding a meter model means adding one such class and its test.
 */
public interface MeterRegisterMap {

    /** e.g. {@code "SDM630"}; the first half of the meter id. */
    String model();

    /** The cumulative import active energy register, counting {@link #importUnitsPerKwh()} units a kWh. */
    RegisterField importKwh();

    /**
     * How many of the energy register's units make a kWh (1 when it counts kWh, 1000 when it counts Wh); a divisor,
     * so whole Wh become kWh with no binary rounding residue (9 Wh is 0.009 kWh, not 0.009000000000000001).
     */
    default double importUnitsPerKwh() {
        return 1.0;
    }

    /** The total active power register. */
    RegisterField power();

    /** Factor from the power register's unit to W (1 when it is in W, 1000 when in kW). */
    double powerToWatts();

    /**
     * The register holding the power register's decimal exponent, on models that scale integers that way
     * (Acrel's "DP"): then W = power x 10^(exponent - offset) x {@link #powerToWatts()}.
     */
    default Optional<DecimalPoint> powerDecimalPoint() {
        return Optional.empty();
    }

    /** The serial number register, when the model has one. */
    Optional<RegisterField> serialNumber();

    /** The widest run of registers between two wanted values that one request may bridge on this model. */
    int maxGapRegisters();

    /** The most registers this model answers in one request. */
    int maxRegistersPerRequest();

    /**
     * A decimal-exponent register: a value register times 10^(register - offset). A register outside
     * {@code min..max} is not a scale the meter would set, and the value it would scale is refused.
     */
    record DecimalPoint(RegisterField field, int offset, int min, int max) {

        public DecimalPoint {
            if (min > max) {
                throw new IllegalArgumentException("decimal point range " + min + ".." + max + " of " + field.name());
            }
        }

        public boolean accepts(double exponent) {
            return exponent >= min && exponent <= max;
        }

        public double factor(double exponent) {
            return Math.pow(10, exponent - offset);
        }
    }
}
