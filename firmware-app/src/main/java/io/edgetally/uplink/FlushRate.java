package io.edgetally.uplink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket pacing report replay (reports per second of the injected clock, bursts up to one second's worth
 * or one in-flight window, whichever is more),
 * so draining a week's backlog leaves room on a thin link for alarms and live traffic. Zero means unpaced: the
 * in-flight window alone bounds the replay. Used by the uplink worker thread only.
 */
final class FlushRate {

    private final int perSecond;
    private final double capacity;
    private final Clock clock;
    private double tokens;
    private Instant last;

    FlushRate(int perSecond, int window, Clock clock) {
        this.perSecond = perSecond;
        this.capacity = Math.max(perSecond, window);
        this.clock = clock;
        this.tokens = capacity;
        this.last = clock.instant();
    }

    /** How many reports may go now (at most {@code wanted}); the caller then {@link #take}s what it sent. */
    int available(int wanted) {
        if (perSecond == 0) {
            return wanted;
        }
        Instant now = clock.instant();
        Duration elapsed = Duration.between(last, now);
        if (elapsed.isPositive()) {
            tokens = Math.min(capacity, tokens + perSecond * (elapsed.toNanos() / 1e9));
            last = now;
        }
        return (int) Math.min(wanted, Math.floor(tokens));
    }

    void take(int sent) {
        if (perSecond != 0) {
            tokens -= sent;
        }
    }
}
