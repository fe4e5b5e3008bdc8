package io.edgetally.sim.station;

import java.time.Instant;

/**
 * A truck coming for a swap.
 *
 * @param at          when it joins the queue
 * @param truckId     which truck
 * @param returnSoc   SOC of the pack it brings back
 */
public record TruckArrival(Instant at, String truckId, double returnSoc) {}
