package io.edgetally.io.plc;

import java.util.List;
import java.util.Optional;

/**
 * The station's PLC side: what the swap robot, the packs' BMSs and the chargers report, and where setpoints go.
 * Energy is not part of it: the revenue meter and the chargers' DC meters are read over Modbus by
 * the station site itself.
 */
public interface StationIo {

    /** One slot as the PLC reports it. */
    record SlotImage(int slot, ChargerStatus charger, Optional<PackState> pack) {}

    /**
     * @param slots          every slot, in slot order
     * @param trucksWaiting  trucks queued for a swap
     * @param completedSwaps swaps completed since the previous read
     */
    record Image(List<SlotImage> slots, int trucksWaiting, List<SwapObservation> completedSwaps) {
        public Image {
            slots = List.copyOf(slots);
            completedSwaps = List.copyOf(completedSwaps);
        }
    }

    Image read();

    /** Sends each charger its grid-side power limit until the next cycle. */
    void apply(List<ChargerSetpoint> setpoints);

    /**
     * The completed swaps of the last {@link #read()} are stored: a PLC link that keeps a position in the PLC's
     * swap log moves it on now, not at the read, so a cycle that fails in between hands the same swaps over again.
     */
    default void swapsStored() {}
}
