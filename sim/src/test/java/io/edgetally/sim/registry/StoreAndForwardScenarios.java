package io.edgetally.sim.registry;

import io.edgetally.sim.broker.BrokerUnderTest;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import io.edgetally.uplink.DiskQuota;
import io.edgetally.uplink.TallyRows;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import io.edgetally.sim.broker.MosquittoBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The outages a device meets in the field, each ending with the registry (the one that ships, verifying every
 * report) holding exactly the device's ledger: nothing lost, nothing stored twice, in seq order. Runs against every
 * device broker a subclass provides. Time is a ManualClock; "time passes" in a wait means the test leaps it a few
 * seconds per poll.
 */
abstract class StoreAndForwardScenarios {

    static final String SITE = "farm-7";
    static final String DEVICE = "barn-2";
    static final Instant T0 = Instant.parse("2026-08-01T06:00:00Z");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    final List<AutoCloseable> open = new ArrayList<>();
    BrokerUnderTest broker;
    Database db;
    TallyRows tallies;
    RegistryUnderTest registry;

    /** The registry is an MQTT 5 client: Mosquitto, or a Mosquitto bridged to the device's broker. */
    @BeforeAll
    static void needsMosquitto() {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (Debian: apt-get install mosquitto)");
    }

    abstract BrokerUnderTest startBroker(Path dir);

    /** The registry, reached from the device's broker. */
    abstract RegistryUnderTest startRegistry(Path dir, BrokerUnderTest broker) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        broker = startBroker(dir);
        db = Database.open(dir.resolve("device.db"));
        tallies = new TallyRows(db, SITE, DEVICE);
        registry = startRegistry(dir, broker);
        registry.enrol(SITE, DEVICE, tallies.publicKey());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        registry.close();
        db.close();
        broker.close();
    }

    Uplink startUplink(int window, int reportsPerSecond) {
        UplinkConfig config = UplinkConfig.of(broker.uri(), SITE, DEVICE)
                .withFlush(window, reportsPerSecond)
                .withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5))
                .withAckTimeout(Duration.ofSeconds(30));
        Uplink u = new Uplink(config, db, clock, tallies.key(), new Random(42), DiskQuota.defaults(), DiskQuota.probeOf(db),
                List.of(), e -> { });
        u.start();
        open.add(u);
        return u;
    }

    /** Waits (real time, bounded) for {@code done}, letting {@code step} of device time pass per poll. */
    void passTimeUntil(Duration step, Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            clock.advance(step);
            return done.call();
        });
    }

    void assertRegistryHoldsExactlyTheLedger() {
        List<TallyRows.Row> ledger = tallies.ledger();
        List<RegistryUnderTest.Held> held = registry.reports(SITE, DEVICE);
        assertThat(held).as("0 lost, 0 duplicated").hasSameSizeAs(ledger);
        for (int i = 0; i < ledger.size(); i++) {
            TallyRows.Row mine = ledger.get(i);
            RegistryUnderTest.Held theirs = held.get(i);
            assertThat(theirs.seq()).as("in order").isEqualTo(mine.seq()).isEqualTo(i + 1L);
            assertThat(theirs.hash()).isEqualTo(mine.hash());
            assertThat(theirs.payload()).as("byte for byte").isEqualTo(mine.payload());
        }
        assertThat(registry.highestContiguous(SITE, DEVICE)).isEqualTo(ledger.size());
        assertThat(tallies.outstanding()).as("the device's outbox is empty").isZero();
        assertThat(registry.rejections(SITE, DEVICE)).as("every report verified").isEmpty();
    }

    @Test
    void brokerDownForAWeekMidCure() {
        tallies.append(24, clock.instant());
        Uplink uplink = startUplink(64, 0);
        passTimeUntil(Duration.ofSeconds(1), () -> tallies.outstanding() == 0);

        broker.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.status().connected());
        for (int hour = 0; hour < 7 * 24; hour++) {  // a week offline, four quarter-hour reports an hour
            clock.advance(Duration.ofHours(1));
            tallies.append(4, clock.instant());
            uplink.kick();
        }
        assertThat(uplink.status().connected()).isFalse();
        assertThat(tallies.outstanding()).as("the outbox grew by the week").isEqualTo(7 * 24 * 4);
        assertThat(registry.highestContiguous(SITE, DEVICE)).isEqualTo(24);

        broker.start();
        // the outbox empties in the database first; the status the operator sees follows a moment later
        passTimeUntil(Duration.ofSeconds(5), () -> tallies.outstanding() == 0
                && uplink.status().lastAckedSeq() == 24 + 7 * 24 * 4);
        assertThat(uplink.status().connected()).isTrue();
        assertRegistryHoldsExactlyTheLedger();
    }

    @Test
    void brokerRestartedMidStream() {
        tallies.append(1500, clock.instant());
        startUplink(32, 100);
        passTimeUntil(Duration.ofMillis(200), () -> registry.highestContiguous(SITE, DEVICE) >= 300);
        broker.stop();
        assertThat(registry.highestContiguous(SITE, DEVICE)).as("stopped mid-stream").isLessThan(1500);
        tallies.append(20, clock.instant());
        broker.start();
        passTimeUntil(Duration.ofSeconds(5), () -> tallies.outstanding() == 0);
        assertRegistryHoldsExactlyTheLedger();
    }

    @Test
    void registryDownWhileTheBrokerStaysUp() throws Exception {
        tallies.append(600, clock.instant());
        Uplink uplink = startUplink(32, 100);
        passTimeUntil(Duration.ofMillis(200), () -> registry.highestContiguous(SITE, DEVICE) >= 100);
        registry.stop();
        long heldWhenItWentDown = uplink.status().lastAckedSeq();
        tallies.append(200, clock.instant());
        passTimeUntil(Duration.ofSeconds(1), () -> uplink.status().backlog() > 0 && uplink.status().connected());
        clock.advance(Duration.ofMinutes(10)); // long enough for ack timeouts: the device re-sends into the void
        assertThat(tallies.outstanding()).as("nothing leaves the outbox without the registry").isPositive();
        assertThat(uplink.status().lastAckedSeq()).isLessThan(800).isGreaterThanOrEqualTo(heldWhenItWentDown);

        registry.start(); // the same database: it carries on from what it holds
        passTimeUntil(Duration.ofSeconds(5), () -> tallies.outstanding() == 0);
        assertRegistryHoldsExactlyTheLedger();
    }
}
