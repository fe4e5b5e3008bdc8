package io.edgetally.io.meter;

import io.edgetally.io.modbus.RegisterField;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one meter model keeps the values the controller books, as data: one constant per model ({@code MAP} in
 * {@link EastronSdm630}, {@link AcrelDjsf1352}, ...), with the vendor document it follows named there.
 * {@link ModbusEnergyMeter} reads any of them. A model's quirks are fields of its map: the energy's unit
 * ({@code importUnitsPerKwh}), the power's unit and decimal-exponent register ({@code powerToWatts},
 * {@code powerDecimalPoint}), the word order of its 32-bit values (the fields' {@link RegisterField.Encoding}),
 * and how far one request may reach ({@code maxGapRegisters}, {@code maxRegistersPerRequest}).
 *
 * @param maker                  who makes the model, as on its front plate, e.g. {@code "Eastron"}
 * @param model                  e.g. {@code "SDM630"}; the first half of the meter id
 * @param importKwh              the cumulative import active energy register
 * @param importUnitsPerKwh      how many of its units make a kWh (1 when it counts kWh, 1000 when it counts Wh); a
 *                               divisor, so whole Wh become kWh with no binary residue (9 Wh is 0.009 kWh, not
 *                               0.009000000000000001)
 * @param power                  the total active power register
 * @param powerToWatts           factor from the power register's unit to W (1 for W, 1000 for kW, 0.1 for 0.1 W)
 * @param powerDecimalPoint      the register holding the power's decimal exponent, on models that scale integers
 *                               that way (Acrel's "DP"): then W = power x 10^(exponent - offset) x powerToWatts
 * @param serialNumber           the serial number register, when the model has one
 * @param maxGapRegisters        the widest run of unwanted registers one request may bridge on this model
 * @param maxRegistersPerRequest the most registers this model answers in one request
 */
public record MeterRegisterMap(String maker, String model, RegisterField importKwh, double importUnitsPerKwh, RegisterField power,
                               double powerToWatts, Optional<DecimalPoint> powerDecimalPoint,
                               Optional<RegisterField> serialNumber, int maxGapRegisters, int maxRegistersPerRequest) {

    public MeterRegisterMap {
        Objects.requireNonNull(importKwh, "importKwh");
        Objects.requireNonNull(power, "power");
        if (!(importUnitsPerKwh > 0) || powerToWatts == 0 || maxGapRegisters < 0 || maxRegistersPerRequest < 1) {
            throw new IllegalArgumentException("meter map " + model + ": units per kWh must be > 0, the power factor "
                    + "non-zero, the gap >= 0 and at least one register per request");
        }
    }

    /** Maker and model as an operator reads them on the meter, e.g. {@code "Eastron SDM630"} ({@code /meters}). */
    public String displayName() {
        return maker + " " + model;
    }

    /**
     * A decimal-exponent register: a value register times 10^(register - offset). A register outside
     * {@code min..max} is not a scale the meter would set, and the value it would scale is refused.
     */
    public record DecimalPoint(RegisterField field, int offset, int min, int max) {

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
