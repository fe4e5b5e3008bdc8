package io.edgetally.registry.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.registry.RegistryService;
import io.edgetally.registry.load.Fleet;
import io.edgetally.registry.load.LoadGenerator;
import io.edgetally.registry.load.Scenario;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under load, at a smaller scale than the benchmark: 200 devices return at once with 24 reports of backlog
 * each (the reconnect storm of issue 15, 4,800 reports) through two registry instances in one shared-subscription
 * group, and something breaks while they drain. After each fault every report is stored exactly once, every chain
 * is contiguous and linked, and every device holds the ack of its last seq; the devices do only what a device's
 * outbox does (publish again from the last ack when the acks stall, reconnect when the broker drops them).
 */
class FleetFaultsTest {

    private static final int DEVICES = 200;
    private static final int REPORTS = 24;
    private static final Duration STALL = Duration.ofSeconds(3);
    private static List<LoadGenerator.SimDevice> fleet;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void signChains() {
        fleet = LoadGenerator.prepare(DEVICES, REPORTS, 15);
    }

    /**
     * The killed instance is not restarted: once its session has expired (5 s here, 120 s by default in a group)
     * the broker hands every report to the other one, and the devices' republishing from their last ack brings
     * what had waited in the dead session.
     */
    @Test
    void oneOfTwoInstancesKilledTheOtherTakesOver() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture[] f = pair(broker, TestPostgres.shared().newDatabase(), "  sessionExpirySeconds: 5\n");
            Process a = start(f[0], "a");
            Process b = start(f[1], "b");
            awaitSubscribed("a");
            awaitSubscribed("b");
            try (Fleet devices = Fleet.start(broker.uri(), fleet, 4, new Scenario.Storm(), STALL)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> devices.acked() >= DEVICES * REPORTS / 4);
                a.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, mid-batch
                Fleet.Result r = devices.awaitComplete(Duration.ofSeconds(50));
                assertThat(r.devicesComplete()).as(r.describe()).isEqualTo(DEVICES);
            } finally {
                a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            StoreCheck.everyDeviceOnceLinkedAndContiguous(f[0], DEVICES, REPORTS);
        }
    }

    @Test
    void theBrokerRestartedLosingEverySession() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture[] f = pair(broker, TestPostgres.shared().newDatabase());
            try (RegistryService a = f[0].start(); RegistryService b = f[1].start();
                 Fleet devices = Fleet.start(broker.uri(), fleet, 4, new Scenario.Storm(), STALL)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> devices.acked() >= DEVICES * REPORTS / 4);
                broker.stop();
                broker.start();
                Fleet.Result r = devices.awaitComplete(Duration.ofSeconds(50));
                assertThat(r.devicesComplete()).as(r.describe()).isEqualTo(DEVICES);
                assertThat(r.reconnects()).as("the devices' connections were opened again").isPositive();
                await().atMost(Duration.ofSeconds(10)).until(() -> a.connected() && b.connected());
            }
            StoreCheck.everyDeviceOnceLinkedAndContiguous(f[0], DEVICES, REPORTS);
        }
    }

    @Test
    void postgresRestartedWhileBothInstancesCommit() throws Exception {
        TestPostgres pg = TestPostgres.own(Files.createDirectories(dir.resolve("pg")));
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture[] f = pair(broker, pg.newDatabase());
            try (RegistryService a = f[0].start(); RegistryService b = f[1].start();
                 Fleet devices = Fleet.start(broker.uri(), fleet, 4, new Scenario.Storm(), STALL)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> devices.acked() >= DEVICES * REPORTS / 4);
                pg.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> a.stats().snapshot().commitFailures()
                        + b.stats().snapshot().commitFailures() > 0);
                pg.start();
                Fleet.Result r = devices.awaitComplete(Duration.ofSeconds(50));
                assertThat(r.devicesComplete()).as(r.describe()).isEqualTo(DEVICES);
            }
            StoreCheck.everyDeviceOnceLinkedAndContiguous(f[0], DEVICES, REPORTS);
        } finally {
            pg.stop();
        }
    }

    @Test
    void devicesRepublishingFromAnOldAckStoreNothingTwice() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture[] f = pair(broker, TestPostgres.shared().newDatabase());
            try (RegistryService a = f[0].start(); RegistryService b = f[1].start();
                 Fleet devices = Fleet.start(broker.uri(), fleet, 4, new Scenario.Storm(), STALL)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> devices.acked() >= DEVICES * REPORTS / 2);
                // a quarter of the fleet comes back from an old ack (a restored SD card): everything from seq 1 again
                for (int d = 0; d < DEVICES; d += 4) {
                    devices.republishFrom(d, 1);
                }
                Fleet.Result r = devices.awaitComplete(Duration.ofSeconds(50));
                assertThat(r.devicesComplete()).as(r.describe()).isEqualTo(DEVICES);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.stats().snapshot().duplicates()
                        + b.stats().snapshot().duplicates() >= DEVICES / 4);
                // the acks of the republished reports name the head, never an older seq
                for (int d = 0; d < DEVICES; d++) {
                    assertThat(devices.highestAck(d)).isEqualTo(REPORTS);
                }
            }
            StoreCheck.everyDeviceOnceLinkedAndContiguous(f[0], DEVICES, REPORTS);
            assertThat(redeliveries(f[0])).as("duplicates counted on the stored reports").isPositive();
        }
    }

    /** Two instances, one group, one database and one signing key; the fleet enrolled. */
    private RegistryFixture[] pair(MosquittoBroker broker, String jdbcUrl) throws IOException {
        return pair(broker, jdbcUrl, "");
    }

    private RegistryFixture[] pair(MosquittoBroker broker, String jdbcUrl, String extraMqtt) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        RegistryFixture fa = new RegistryFixture(a, broker.uri(), jdbcUrl, "postgres", "registry-a", "registry", 0,
                2, 200, extraMqtt);
        Files.copy(a.resolve("registry-key.pem"), b.resolve("registry-key.pem"));
        RegistryFixture fb = new RegistryFixture(b, broker.uri(), jdbcUrl, "postgres", "registry-b", "registry", 0,
                2, 200, extraMqtt);
        try (Database db = fa.openDatabase()) {
            Enrolments e = new Enrolments(db);
            for (LoadGenerator.SimDevice d : fleet) {
                e.enrol(d.site(), d.device(), d.publicKey(), LoadGenerator.terms(), Instant.now());
            }
        }
        return new RegistryFixture[] {fa, fb};
    }

    private static long redeliveries(RegistryFixture f) throws Exception {
        try (Database db = f.openDatabase(); Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT coalesce(sum(duplicates), 0) FROM reports");
             ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A child registry has subscribed once: its session now holds its share of the group's reports. */
    private void awaitSubscribed(String name) {
        Path log = dir.resolve("registry-" + name + ".log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log)
                && Files.readString(log).contains("subscribed to"));
    }

    private Process start(RegistryFixture f, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.edgetally.registry.cli.RegistryMain", "serve", "--config", f.configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry-" + name + ".log").toFile()))
                .start();
    }
}
