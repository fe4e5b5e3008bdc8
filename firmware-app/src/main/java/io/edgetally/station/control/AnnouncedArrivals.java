package io.edgetally.station.control;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Truck arrivals known in advance, not forecast: a fleet dispatch system's ETAs ({@link EtaBoard}), or a replayed
 * record of a past month. Up to {@link #completeUntil} the controller plans for exactly these trucks (no safety
 * lead); beyond it, for the forecast's.
 */
public interface AnnouncedArrivals {

    /** Until when the announcements are complete, seen at {@code now}; {@code now} itself when they are not trusted. */
    Instant completeUntil(Instant now);

    /** The announced arrival times in {@code [from, until)}, in order; a truck late on its ETA counts as due at {@code from}. */
    List<Instant> between(Instant from, Instant until);

    /** A snapshot of the dispatch feed arrived (handed over by the control cycle, see {@link ReceivedEta}). */
    default void received(ReceivedEta eta) {}

    /** A truck arrived (from a booked swap): it is no longer expected, and an unannounced one shows a gap. */
    default void arrived(String truckId, Instant arrivedAt) {}

    /** Why the announcements are not used now, if they are not (for an operator alarm). */
    default Optional<String> problem(Instant now) {
        return Optional.empty();
    }

    /** A fixed list of arrival times, all known: what a perfect-foresight comparison gives the controller. */
    static AnnouncedArrivals all(List<Instant> times) {
        List<Instant> sorted = times.stream().sorted().toList();
        return new AnnouncedArrivals() {
            @Override
            public Instant completeUntil(Instant now) {
                return Instant.MAX;
            }

            @Override
            public List<Instant> between(Instant from, Instant until) {
                return sorted.stream().filter(t -> !t.isBefore(from) && t.isBefore(until)).toList();
            }
        };
    }
}
