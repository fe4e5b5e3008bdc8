package io.edgetally.uplink;

import java.time.Duration;
import java.util.Random;

/**
 * Reconnect delays: doubling from {@code min} per consecutive failure, capped at {@code max}, with "equal jitter"
 * (a random point in the upper half) so a fleet that lost the same broker does not return in one stampede, yet
 * no device waits less than half its step.
 */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private final Random random;

    public Backoff(Duration min, Duration max, Random random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, was min " + min + ", max " + max);
        }
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The wait before the next attempt after {@code failures} consecutive failed attempts (1 or more). */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be 1 or more, was " + failures);
        }
        long minMillis = min.toMillis();
        long capMillis = max.toMillis();
        int doublings = Math.min(failures - 1, 40); // 2^40 times any sane min is far above any sane cap
        long step = minMillis > (capMillis >> doublings) ? capMillis : Math.min(capMillis, minMillis << doublings);
        long half = step / 2;
        return Duration.ofMillis(step - half + (half == 0 ? 0 : (long) (random.nextDouble() * (half + 1))));
    }
}
