package io.edgetally.site;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The site's clock with {@code clock: simulator}: the simulated time of the cycle in progress, set by the lockstep
 * loop from {@link SimulatorLink#now()} before each cycle. Between cycles it stands still, as the simulated barn does.
 */
public final class SimulatorClock extends Clock {

    private volatile Instant now;

    public SimulatorClock(Instant start) {
        this.now = start;
    }

    void set(Instant at) {
        now = at;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
