package io.edgetally.io.plc;

import java.time.Instant;

/**
 * A swap the swap robot completed since the previous cycle.
 *
 * @param truckId     the truck served
 * @param slot        the slot the charged pack came from and the returned pack went into
 * @param packOutId   the pack given to the truck
 * @param packInId    the pack taken from the truck
 * @param socOut      SOC of the pack given to the truck
 * @param socIn       SOC of the pack taken from the truck
 * @param arrivedAt   when the truck joined the queue
 * @param startedAt   when the swap started (the truck's wait ends)
 * @param completedAt when the returned pack sat in the slot
 */
public record SwapObservation(
        String truckId, int slot, String packOutId, String packInId, double socOut, double socIn,
        Instant arrivedAt, Instant startedAt, Instant completedAt) {

    public SwapObservation {
        if (!(socOut >= 0 && socOut <= 1 && socIn >= 0 && socIn <= 1)) {
            throw new IllegalArgumentException("swap of truck " + truckId + ": SOCs must be in [0, 1], got out "
                    + socOut + ", in " + socIn);
        }
        if (startedAt.isBefore(arrivedAt) || completedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("swap of truck " + truckId + ": expected arrivedAt <= startedAt <= "
                    + "completedAt, got " + arrivedAt + ", " + startedAt + ", " + completedAt);
        }
    }
}
