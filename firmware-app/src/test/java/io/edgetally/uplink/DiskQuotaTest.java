package io.edgetally.uplink;

import io.edgetally.alarm.AlarmEvent;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DiskQuotaTest {

    private static final long MB = 1 << 20;
    private final DiskQuota quota = new DiskQuota(100 * MB, 0.8, 10 * MB);

    @Test
    void levelsFollowThePolicy() {
        assertThat(quota.assess(new DiskQuota.DiskUsage(50 * MB, 1000 * MB))).isEqualTo(DiskQuota.Level.OK);
        assertThat(quota.assess(new DiskQuota.DiskUsage(80 * MB, 1000 * MB))).isEqualTo(DiskQuota.Level.THIN);
        assertThat(quota.assess(new DiskQuota.DiskUsage(100 * MB, 1000 * MB))).isEqualTo(DiskQuota.Level.FULL);
        assertThat(quota.assess(new DiskQuota.DiskUsage(1 * MB, 5 * MB))).as("disk nearly full, quota not")
                .isEqualTo(DiskQuota.Level.FULL);
    }

    @Test
    void theRealProbeCountsUsedPagesSoDeletingTelemetryFreesQuota(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
        try (Database db = Database.open(dir.resolve("edge.db"))) {
            DiskQuota.DiskProbe probe = DiskQuota.probeOf(db);
            UplinkStore store = new UplinkStore(db);
            String big = "x".repeat(4000);
            for (int i = 0; i < 200; i++) {
                store.enqueue(UplinkStore.TELEMETRY, big, clock.instant(), -1);
            }
            checkpoint(db);
            long full = probe.measure().databaseBytes();
            store.dropTelemetry();
            checkpoint(db);
            DiskQuota.DiskUsage after = probe.measure();
            assertThat(full).isGreaterThan(800_000);
            assertThat(after.databaseBytes()).isLessThan(full - 700_000);
            assertThat(after.usableDiskBytes()).isPositive();
        }
    }

    private static void checkpoint(Database db) throws java.sql.SQLException {
        try (var s = db.connection().createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // fold the WAL in, so the page counts are the file's
        }
    }

    @Test
    void aFillingDiskThinsTelemetryThenRaisesAnAlarmAndNeverTouchesTallies(@TempDir Path dir) {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
        AtomicReference<DiskQuota.DiskUsage> disk = new AtomicReference<>(new DiskQuota.DiskUsage(10 * MB, 1000 * MB));
        List<AlarmEvent> alarms = new CopyOnWriteArrayList<>();
        try (Database db = Database.open(dir.resolve("edge.db"))) {
            TallyRows tallies = new TallyRows(db, "farm", "barn-1");
            tallies.append(30, clock.instant());
            // no broker listens on port 1: everything stays queued, as during an outage
            UplinkConfig config = UplinkConfig.of("tcp://127.0.0.1:1", "farm", "barn-1")
                    .withBackoff(Duration.ofHours(1), Duration.ofHours(1));
            try (Uplink uplink = new Uplink(config, db, clock, tallies.key(), new Random(1), quota, disk::get, List.of(),
                    alarms::add)) {
                uplink.start();
                for (int i = 0; i < 100; i++) {
                    assertThat(uplink.publishTelemetry(JsonObject.builder().put("dryC", 40 + i * 0.1).build())).isTrue();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> uplink.status().pendingTelemetry() == 100);

                disk.set(new DiskQuota.DiskUsage(85 * MB, 1000 * MB));
                await().atMost(Duration.ofSeconds(10)).until(() -> uplink.status().disk() == DiskQuota.Level.THIN);
                assertThat(uplink.status().pendingTelemetry()).isLessThanOrEqualTo(50);
                assertThat(alarms).isEmpty();

                disk.set(new DiskQuota.DiskUsage(100 * MB, 1000 * MB));
                await().atMost(Duration.ofSeconds(10)).until(() -> uplink.status().disk() == DiskQuota.Level.FULL);
                assertThat(uplink.publishTelemetry(JsonObject.builder().put("dryC", 41).build())).isFalse();
                assertThat(alarms).singleElement().isInstanceOfSatisfying(AlarmEvent.Raised.class,
                        r -> assertThat(r.alarm().code()).isEqualTo("uplink.disk-full"));
                await().atMost(Duration.ofSeconds(10)).until(() -> uplink.status().pendingTelemetry() == 0);
                assertThat(uplink.status().pendingAlarms()).as("the alarm waits for the registry too").isEqualTo(1);
                assertThat(tallies.outstanding()).as("tally records are never dropped").isEqualTo(30);

                disk.set(new DiskQuota.DiskUsage(20 * MB, 1000 * MB));
                await().atMost(Duration.ofSeconds(10)).until(() -> uplink.status().disk() == DiskQuota.Level.OK);
                assertThat(alarms).last().isInstanceOf(AlarmEvent.Cleared.class);
                assertThat(uplink.publishTelemetry(JsonObject.builder().put("dryC", 42).build())).isTrue();
            }
            assertThat(tallies.ledger()).hasSize(30);
        }
    }
}
