package io.edgetally.sim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.SignedAck;
import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import io.edgetally.uplink.DiskQuota;
import io.edgetally.uplink.TallyRows;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's forged ack and issue 12's integrity both ways, on a real Mosquitto with the registry that ships and the
 * device's real uplink: an ack the device cannot trust is ignored, counted and raised (the alarm reaches the
 * registry), publishing goes on, and the registry ends with every report; the signed birth lets the registry see a
 * tail the device holds but withholds.
 */
class AckIntegrityTest {

    private static final String SITE = "farm-7";
    private static final String DEVICE = "barn-2";
    private static final DeviceTopics TOPICS = new DeviceTopics(SITE, DEVICE);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-08-01T06:00:00Z"));
    private MosquittoBroker broker;
    private RegistryUnderTest registry;
    private Database db;
    private TallyRows tallies;
    private Uplink uplink;

    @BeforeAll
    static void needsMosquitto() {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed (Debian: apt-get install mosquitto)");
    }

    @BeforeEach
    void setUp() throws Exception {
        broker = new MosquittoBroker(dir, Optional.empty());
        registry = RegistryUnderTest.start(dir, broker.uri());
        db = Database.open(dir.resolve("device.db"));
        tallies = new TallyRows(db, SITE, DEVICE);
        registry.enrol(SITE, DEVICE, tallies.publicKey());
    }

    @AfterEach
    void tearDown() {
        if (uplink != null) {
            uplink.close();
        }
        registry.close();
        db.close();
        broker.close();
    }

    @Test
    void aForgedAckMidDrainIsIgnoredAndRaisedAndTheRegistryGetsEveryReport() throws Exception {
        tallies.append(1500, clock.instant());
        uplink = startUplink(UplinkConfig.of(broker.uri(), SITE, DEVICE).withFlush(16, 200)); // an older install
        passTimeUntil(() -> registry.highestContiguous(SITE, DEVICE) >= 100);

        forge("{\"seq\":99999999}".getBytes(StandardCharsets.UTF_8));
        passTimeUntil(() -> uplink.status().refusedAcks() == 1);
        tallies.append(50, clock.instant()); // written after the forged ack: not acknowledged as soon as written
        uplink.kick();
        assertThat(uplink.status().lastAckedSeq()).as("nothing acknowledged beyond the registry's acks")
                .isLessThanOrEqualTo(registry.highestContiguous(SITE, DEVICE)).isLessThan(1550);

        passTimeUntil(() -> tallies.outstanding() == 0);
        assertThat(registry.reports(SITE, DEVICE)).extracting(RegistryUnderTest.Held::hash)
                .as("the registry ends with every report").containsExactlyElementsOf(
                        tallies.ledger().stream().map(TallyRows.Row::hash).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.alarms(SITE, DEVICE).stream()
                .anyMatch(a -> a.contains(Uplink.ACK_ALARM) && a.contains("\"event\":\"raised\"")
                        && a.contains("AHEAD")));
        assertThat(uplink.status().acksAuthenticated()).isFalse();
    }

    @Test
    void withTheRegistrysKeyAnUnsignedAckAndOneSignedByAnotherKeyAreEachCaught() throws Exception {
        uplink = startUplink(UplinkConfig.of(broker.uri(), SITE, DEVICE)
                .withRegistryKeys(List.of(Ed25519Verifier.ofBase64(registry.publicKey()))));
        tallies.append(20, clock.instant());
        uplink.kick();
        passTimeUntil(() -> uplink.status().lastAckedSeq() == 20);
        assertThat(uplink.status().acksAuthenticated()).as("the registry's signed acks verify").isTrue();

        registry.stop(); // from here no genuine ack arrives: whatever moves the outbox would be a forgery
        tallies.append(10, clock.instant());
        uplink.kick();
        passTimeUntil(() -> uplink.status().backlog() == 10 && publishedUpTo30());

        forge("{\"seq\":30}".getBytes(StandardCharsets.UTF_8)); // contract v1, unsigned
        Ed25519Signer stranger = Ed25519Signer.of(Ed25519Keys.generate());
        String hash30 = tallies.ledger().get(29).hash();
        forge(SignedAck.sign(SITE, DEVICE, 30, hash30, stranger).encode()); // right seq and hash, wrong key
        passTimeUntil(() -> uplink.status().refusedAcks() == 2);
        assertThat(uplink.status().lastAckedSeq()).as("nothing marked acknowledged").isEqualTo(20);
        assertThat(tallies.outstanding()).isEqualTo(10);

        registry.start();
        passTimeUntil(() -> tallies.outstanding() == 0);
        assertThat(registry.highestContiguous(SITE, DEVICE)).isEqualTo(30);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.alarms(SITE, DEVICE).stream()
                .anyMatch(a -> a.contains(Uplink.ACK_ALARM) && a.contains("\"event\":\"raised\"")
                        && a.contains("UNSIGNED")));
    }

    @Test
    void aTailTheDeviceHoldsButDoesNotPublishIsReportedByTheRegistryFromTheBirth() throws Exception {
        UplinkConfig config = UplinkConfig.of(broker.uri(), SITE, DEVICE)
                .withRegistryKeys(List.of(Ed25519Verifier.ofBase64(registry.publicKey())));
        uplink = startUplink(config);
        tallies.append(20, clock.instant());
        uplink.kick();
        passTimeUntil(() -> uplink.status().lastAckedSeq() == 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.announcedSeq(SITE, DEVICE).isPresent());
        uplink.close();

        // a device that withholds its last 12 records: they are in its ledger, marked as if acknowledged
        tallies.append(12, clock.instant());
        db.inTransaction(c -> c.createStatement().executeUpdate(
                "UPDATE tally_records SET acked_at = '2026-08-01T07:00:00Z' WHERE seq > 20"));
        uplink = startUplink(config); // its signed birth announces seq 32 on connect

        await().atMost(Duration.ofSeconds(30)).until(() -> registry.announcedSeq(SITE, DEVICE).orElse(0L) == 32);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.registryAlarms(SITE, DEVICE).stream()
                .anyMatch(a -> a.startsWith("TAIL_MISSING") && a.contains("announced seq 32")
                        && a.contains("12 report(s) not received")));
        assertThat(registry.highestContiguous(SITE, DEVICE)).isEqualTo(20);
    }

    private boolean publishedUpTo30() {
        // the device has sent seq 30 at least once: a listener on the report topic would see it; the uplink's
        // own record of it is what the guard compares acks with
        return db.inTransaction(c -> {
            try (var r = c.createStatement().executeQuery(
                    "SELECT value FROM uplink_state WHERE key = 'published_seq'")) {
                return r.next() && Long.parseLong(r.getString(1)) >= 30;
            }
        });
    }

    private Uplink startUplink(UplinkConfig config) {
        Uplink u = new Uplink(config.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
                .withAckTimeout(Duration.ofSeconds(30)), db, clock, tallies.key(), new Random(7),
                DiskQuota.defaults(), DiskQuota.probeOf(db), List.of(), e -> { });
        u.start();
        return u;
    }

    /** Publishes on the device's ack topic as an intruder on the broker would. */
    private void forge(byte[] payload) throws MqttException {
        MqttClient c = new MqttClient(broker.uri(), "intruder-" + System.nanoTime(), new MemoryPersistence());
        c.connect();
        c.publish(TOPICS.topic(TopicKind.ACK), payload, 1, false);
        c.disconnect();
        c.close();
    }

    /** Waits (real time, bounded) for {@code done}, letting device time pass a little per poll. */
    private void passTimeUntil(Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            clock.advance(Duration.ofMillis(200));
            return done.call();
        });
    }
}
