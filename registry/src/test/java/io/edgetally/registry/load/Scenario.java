package io.edgetally.registry.load;

import java.time.Duration;

/** How the simulated fleet publishes its chains. */
public sealed interface Scenario {

    /**
     * The reconnect storm: every device is back at once with its whole backlog and publishes it as fast as the
     * connections take it, interleaved across devices (one report of each device in turn), as a region's fleet
     * does after an outage.
     */
    record Storm() implements Scenario {}

    /**
     * The steady state: every device one report per {@link LoadGenerator#INTERVAL} (15 minutes), the devices'
     * phases spread evenly over the interval, time compressed {@code compression} times (a compression of 900 turns
     * a 15-minute interval into one second: 10,000 devices then offer 10,000 reports/s).
     */
    record Steady(int compression) implements Scenario {
        public Steady {
            if (compression < 1) {
                throw new IllegalArgumentException("compression must be at least 1, found " + compression);
            }
        }

        public Duration interval() {
            return LoadGenerator.INTERVAL.dividedBy(compression);
        }

        /** Reports per second the fleet offers. */
        public double offeredPerSecond(int devices) {
            return devices / (interval().toNanos() / 1e9);
        }
    }
}
