package io.edgetally.station;

import io.edgetally.station.control.SwapRecord;
import io.edgetally.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

class SwapStoreTest {

    @TempDir
    Path dir;

    @Test
    void swapsAreStoredAndReadBackWithTheirEnergyAndWait() {
        Instant t = Instant.parse("2026-06-10T04:00:00Z");
        SwapRecord first = new SwapRecord("T001", 3, "S03", "P-T001", 0.95, 0.20, 0.75 * 282,
                OptionalDouble.of(220.5), t, t.plusSeconds(90), t.plusSeconds(390));
        SwapRecord second = new SwapRecord("T002", 5, "S05", "P-T002", 0.95, 0.25, 0.70 * 282,
                OptionalDouble.empty(), t.plusSeconds(600), t.plusSeconds(600), t.plusSeconds(900));
        try (Database db = Database.open(dir.resolve("edgetally.db"))) {
            SwapStore store = new SwapStore(db);
            store.recordSwap(first);
            store.recordSwap(second);
        }
        try (Database db = Database.open(dir.resolve("edgetally.db"))) {
            SwapStore store = new SwapStore(db);
            Instant hourLater = t.plus(Duration.ofHours(1));
            assertThat(store.swapsBetween(t, hourLater)).containsExactly(first, second);
            assertThat(store.energyToTrucksKwh(t, hourLater)).isCloseTo(1.45 * 282, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(store.meanWait(t, hourLater)).isEqualTo(Duration.ofSeconds(45));
            assertThat(store.swapsBetween(t.plusSeconds(100), hourLater)).containsExactly(second);
        }
    }

    @Test
    void aSwapDeliveredAgainAfterARestartIsBookedOnceAndItsEnergyCountedOnce() {
        Instant t = Instant.parse("2026-06-10T04:00:00Z");
        SwapRecord swap = new SwapRecord("T001", 3, "S03", "P-T001", 0.95, 0.20, 0.75 * 282,
                OptionalDouble.of(220.5), t, t.plusSeconds(90), t.plusSeconds(390));
        long id;
        try (Database db = Database.open(dir.resolve("edgetally.db"))) {
            id = new SwapStore(db).recordSwap(swap);
        }
        try (Database db = Database.open(dir.resolve("edgetally.db"))) {
            SwapStore store = new SwapStore(db);
            assertThat(store.recordSwap(swap)).isEqualTo(id);
            Instant hourLater = t.plus(Duration.ofHours(1));
            assertThat(store.swapsBetween(t, hourLater)).containsExactly(swap);
            assertThat(store.energyToTrucksKwh(t, hourLater)).isCloseTo(0.75 * 282,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void samplesKeepTheCurveIncludingAMissingMeterReading() {
        Instant t = Instant.parse("2026-06-10T04:00:00Z");
        StationSample a = new StationSample(t, 1180.5, 1200, 1200, 1150, 0.64, 2, 3, 1, OptionalDouble.of(5000.25));
        StationSample b = new StationSample(t.plusSeconds(60), 900, 1000, 950, 1150, 0.64, 3, 3, 0, OptionalDouble.empty());
        try (Database db = Database.open(dir.resolve("edgetally.db"))) {
            SwapStore store = new SwapStore(db);
            store.recordSample(a);
            store.recordSample(b);
            assertThat(store.samplesBetween(t, t.plusSeconds(120))).isEqualTo(List.of(a, b));
        }
    }
}
