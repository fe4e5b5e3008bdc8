package io.edgetally.uplink;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void doublesPerFailureWithinTheUpperHalfAndStopsAtTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(7));
        for (int failures = 1; failures <= 60; failures++) {
            long step = Math.min(300_000, 1000L << Math.min(failures - 1, 30));
            Duration d = b.delayAfter(failures);
            assertThat(d.toMillis()).as("after %d failures", failures).isBetween(step / 2, step);
        }
    }

    @Test
    void jitterSpreadsAFleetThatFailedTogether() {
        Set<Long> delays = new HashSet<>();
        for (int device = 0; device < 20; device++) {
            delays.add(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(device)).delayAfter(10).toMillis());
        }
        assertThat(delays).hasSizeGreaterThan(15);
    }
}
