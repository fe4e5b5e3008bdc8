package io.edgetally.station.control;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A swap as booked: who got what, and how much energy changed hands.
 *
 * @param truckId           the truck served
 * @param slot              the slot used
 * @param packOutId         the pack given to the truck
 * @param packInId          the pack taken from the truck
 * @param socOut            SOC of the pack given
 * @param socIn             SOC of the pack taken
 * @param energyToTruckKwh  (socOut - socIn) x pack capacity: the energy the truck received net
 * @param chargedDcKwh      the charger's DC meter delta while the given pack sat in the slot; empty when the pack's
 *                          whole stay was not seen (controller started after the pack arrived)
 * @param arrivedAt         truck joined the queue
 * @param startedAt         swap started
 * @param completedAt       swap completed
 */
public record SwapRecord(
        String truckId, int slot, String packOutId, String packInId, double socOut, double socIn,
        double energyToTruckKwh, OptionalDouble chargedDcKwh, Instant arrivedAt, Instant startedAt,
        Instant completedAt) {

    public Duration waited() {
        return Duration.between(arrivedAt, startedAt);
    }
}
