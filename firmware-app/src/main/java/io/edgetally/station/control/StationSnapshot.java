package io.edgetally.station.control;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.SwapObservation;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The process image of one cycle: everything the controller may look at.
 *
 * @param slots          every charging slot, in slot order
 * @param gridMeter      the station's revenue meter (cumulative grid import)
 * @param externalCapKw  a limit set from outside (grid operator, site EMS) on top of the station cap; empty if none
 * @param trucksWaiting  trucks queued for a swap right now
 * @param completedSwaps swaps completed since the previous snapshot
 * @param etas           the dispatch feed's ETA snapshots received since the previous cycle, oldest first
 */
public record StationSnapshot(
        List<SlotState> slots,
        MeterReading gridMeter,
        OptionalDouble externalCapKw,
        int trucksWaiting,
        List<SwapObservation> completedSwaps,
        List<ReceivedEta> etas) {

    /** A snapshot with no ETA snapshots received (a station without a dispatch feed). */
    public StationSnapshot(List<SlotState> slots, MeterReading gridMeter, OptionalDouble externalCapKw,
                           int trucksWaiting, List<SwapObservation> completedSwaps) {
        this(slots, gridMeter, externalCapKw, trucksWaiting, completedSwaps, List.of());
    }

    public StationSnapshot {
        slots = List.copyOf(slots);
        completedSwaps = List.copyOf(completedSwaps);
        etas = List.copyOf(etas);
        Set<Integer> seen = new HashSet<>();
        for (SlotState s : slots) {
            if (!seen.add(s.slot())) {
                throw new IllegalArgumentException("snapshot: slot " + s.slot() + " appears twice");
            }
        }
        if (externalCapKw.isPresent() && !(externalCapKw.getAsDouble() >= 0)) {
            throw new IllegalArgumentException("snapshot: externalCapKw must be >= 0, got "
                    + externalCapKw.getAsDouble());
        }
        if (trucksWaiting < 0) {
            throw new IllegalArgumentException("snapshot: trucksWaiting must be >= 0, got " + trucksWaiting);
        }
    }

    /** This snapshot with {@code received} as the ETA snapshots that came in since the previous cycle. */
    public StationSnapshot withEtas(List<ReceivedEta> received) {
        return new StationSnapshot(slots, gridMeter, externalCapKw, trucksWaiting, completedSwaps, received);
    }
}
