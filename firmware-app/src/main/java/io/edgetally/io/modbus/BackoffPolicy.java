package io.edgetally.io.modbus;

import java.time.Duration;

/**
 * How long a device that stopped answering is left alone before the next try: {@code initial} after the first
 * failure, doubling with each further failure, never more than {@code cap}. Keeps one dead device from eating
 * every cycle's time budget with timeouts while the others on the link are still read.
 */
public record BackoffPolicy(Duration initial, Duration cap) {

    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60));

    public BackoffPolicy {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be positive, got " + initial);
        }
        if (cap == null || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff cap must be at least the initial delay " + initial
                    + ", got " + cap);
        }
    }

    /** The wait after {@code consecutiveFailures} failures in a row (at least 1). */
    public Duration delayAfter(int consecutiveFailures) {
        if (consecutiveFailures < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(consecutiveFailures - 1, 62);
        long capNanos = cap.toNanos();
        long initialNanos = initial.toNanos();
        // stop doubling once past the cap, before the long overflows
        long delay = initialNanos;
        for (int i = 0; i < doublings && delay < capNanos; i++) {
            delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
        }
        return Duration.ofNanos(Math.min(delay, capNanos));
    }
}
