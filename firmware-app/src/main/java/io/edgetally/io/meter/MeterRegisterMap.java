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

    /** The cumulative import active energy register, in kWh. */
    RegisterField importKwh();

    /** The total active power register. */
    RegisterField power();

    /** Factor from the power register's unit to W (1 when it is in W, 1000 when in kW). */
    double powerToWatts();

    /** The serial number register, when the model has one. */
    Optional<RegisterField> serialNumber();

    /** The widest run of registers between two wanted values that one request may bridge on this model. */
    int maxGapRegisters();

    /** The most registers this model answers in one request. */
    int maxRegistersPerRequest();
}
