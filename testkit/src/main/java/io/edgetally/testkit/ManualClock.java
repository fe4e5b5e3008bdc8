package io.edgetally.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told to: the simulator's accelerated time and the tests' time leaps.
 * Thread-safe for readers on other threads (e.g. a Modbus server stamping a reply).
 */
public final class ManualClock extends Clock {

    private volatile Instant now;
    private final ZoneId zone;

    public ManualClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    public ManualClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    public synchronized void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock does not run backwards: " + step);
        }
        now = now.plus(step);
    }

    public synchronized void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new ManualClockView(this, other);
    }

    /** The same ticking source seen in another zone. */
    private static final class ManualClockView extends Clock {
        private final ManualClock source;
        private final ZoneId zone;

        ManualClockView(ManualClock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public Instant instant() {
            return source.instant();
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return source.withZone(other);
        }
    }
}
