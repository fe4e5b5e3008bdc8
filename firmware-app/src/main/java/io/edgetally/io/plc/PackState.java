package io.edgetally.io.plc;

import io.edgetally.io.TemperatureReading;

/**
 * A pack sitting in a charging slot, as its BMS reports it.
 *
 * @param packId      the pack's identity (serial from the BMS)
 * @param soc         state of charge, 0..1
 * @param temperature the hottest cell group's temperature, or why there is no trustworthy value
 */
public record PackState(String packId, double soc, TemperatureReading temperature) {

    public PackState {
        if (packId.isBlank()) {
            throw new IllegalArgumentException("pack: packId must not be blank");
        }
        if (!(soc >= 0 && soc <= 1)) {
            throw new IllegalArgumentException("pack " + packId + ": soc must be in [0, 1], got " + soc);
        }
    }
}
