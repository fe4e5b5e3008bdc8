package io.edgetally.io.meter;

import java.time.Instant;

/**
 * One read of a kWh meter's own cumulative import-energy register. Tallies are booked from these counters,
 * never from integrated power.
 */
public sealed interface MeterReading {

    /**
     * @param meterId   the meter's identity (model and serial number read from the meter)
     * @param importKwh the cumulative import-energy register, in kWh, as the meter reports it
     * @param powerW    the instantaneous total active power, in W, for display only
     * @param at        when the read completed (injected clock)
     */
    record Ok(String meterId, double importKwh, double powerW, Instant at) implements MeterReading {}

    /** The meter did not answer or answered nonsense; {@code reason} names the endpoint and register. */
    record Failed(String meterId, String reason, Instant at) implements MeterReading {}

    Instant at();

    String meterId();
}
