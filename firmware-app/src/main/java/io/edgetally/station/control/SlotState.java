package io.edgetally.station.control;

import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import java.util.Optional;

/**
 * One charging slot this cycle.
 *
 * @param slot       slot number, 0-based, equal to the charger's index
 * @param charger    the charger's own status
 * @param pack       the pack in the slot; empty while a swap has taken it out
 * @param dcMeterKwh the charger's cumulative DC output counter
 */
public record SlotState(int slot, ChargerStatus charger, Optional<PackState> pack, double dcMeterKwh) {

    public SlotState {
        if (slot < 0) {
            throw new IllegalArgumentException("slot number must be >= 0, got " + slot);
        }
        if (!(dcMeterKwh >= 0) || Double.isInfinite(dcMeterKwh)) {
            throw new IllegalArgumentException("slot " + slot + ": dcMeterKwh must be finite and >= 0, got "
                    + dcMeterKwh);
        }
    }
}
