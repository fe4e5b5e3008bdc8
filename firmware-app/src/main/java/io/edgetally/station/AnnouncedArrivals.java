package io.edgetally.station;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Truck arrivals known in advance, not forecast: a fleet dispatch system's ETAs, or a replayed record of a past
 * month. Within {@link #coverage()} from now the controller plans for exactly these trucks (no safety lead); beyond
 * it, for the forecast's.
 */
public interface AnnouncedArrivals {

    /** How far ahead the announcements are complete. */
    Duration coverage();

    /** The announced arrival times in {@code [from, until)}, in order. */
    List<Instant> between(Instant from, Instant until);

    /** A fixed list of arrival times, all known: what a perfect-foresight comparison gives the controller. */
    static AnnouncedArrivals all(List<Instant> times) {
        List<Instant> sorted = times.stream().sorted().toList();
        return new AnnouncedArrivals() {
            @Override
            public Duration coverage() {
                return Duration.ofDays(36_500);
            }

            @Override
            public List<Instant> between(Instant from, Instant until) {
                return sorted.stream().filter(t -> !t.isBefore(from) && t.isBefore(until)).toList();
            }
        };
    }
}
