package io.edgetally.stationsite;

import io.edgetally.station.ChargerSetpoint;
import io.edgetally.station.ChargerStatus;
import io.edgetally.station.PackState;
import io.edgetally.station.SwapObservation;
import java.util.List;
import java.util.Optional;

/**
 * The station's PLC side: what the swap robot, the packs' BMSs and the chargers report, and where setpoints go.
 * Energy is not part of it: the revenue meter and the chargers' DC meters are read over Modbus by
 * {@link StationSite} itself.
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
}
