package io.edgetally.sim.registry;

import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmEvent;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.mqtt.DeviceState;
import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import io.edgetally.uplink.DiskQuota;
import io.edgetally.uplink.TallyRows;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The uplink as the application and the demo use it: status, alarms, telemetry, kick, drain, clean goodbye. */
class UplinkApiTest {

    private static final Ed25519Signer KEY = Ed25519Signer.of(Ed25519Keys.generate());

    @TempDir
    Path dir;

    @Test
    void whatTheAppSeesAndWhatTheRegistryGets() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "the registry's bridge needs mosquitto (apt-get install mosquitto)");
        ManualClock clock = new ManualClock(Instant.parse("2026-08-01T06:00:00Z"));
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             Database db = Database.open(dir.resolve("device.db"));
             RegistryUnderTest registry = RegistryUnderTest.bridgedTo(dir, broker.plainUri());
             TopicListener telemetry = new TopicListener(registry.brokerUri(), "edgetally/v1/+/+/telemetry")) {
            TallyRows tallies = new TallyRows(db, "farm-7", "barn-2");
            registry.enrol("farm-7", "barn-2", tallies.publicKey());
            Uplink uplink = new Uplink(UplinkConfig.of(broker.plainUri(), "farm-7", "barn-2"), db, clock,
                    tallies.key(), new Random(1), DiskQuota.defaults(), DiskQuota.probeOf(db), List.of(), e -> { });
            uplink.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> uplink.status().connected());
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.state("farm-7", "barn-2")
                    .filter(DeviceState.ONLINE.word()::equals).isPresent());

            tallies.append(10, clock.instant());
            uplink.kick();
            Alarm alarm = new Alarm("barn.dry-bulb.fault", Alarm.Severity.CRITICAL, "dry-bulb probe reads open circuit",
                    clock.instant());
            uplink.publishAlarm(new AlarmEvent.Raised(alarm, clock.instant()));
            uplink.publishAlarm(new AlarmEvent.Cleared("barn.dry-bulb.fault", clock.instant().plusSeconds(60)));
            assertThat(uplink.publishTelemetry(JsonObject.builder().put("dryC", 38.5).build())).isTrue();

            assertThat(uplink.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(uplink.status().backlog()).isZero();
            assertThat(uplink.status().lastAckedSeq()).isEqualTo(10);
            assertThat(registry.reports("farm-7", "barn-2")).hasSize(10);
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.alarms("farm-7", "barn-2").size() == 2);
            assertThat(Json.parseObject(registry.alarms("farm-7", "barn-2").get(0)).string("event"))
                    .isEqualTo("raised");
            // the registry keeps no telemetry (QoS 0, may be dropped): it reaches the registry's broker
            await().atMost(Duration.ofSeconds(20)).until(() -> telemetry.received() == 1);

            uplink.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.state("farm-7", "barn-2")
                    .filter(DeviceState.OFFLINE.word()::equals).isPresent());
            assertThat(uplink.status().connected()).isFalse();
        }
    }

    @Test
    void anAlarmOvertakesAWeeksBacklogBeingReplayed() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "the registry's bridge needs mosquitto (apt-get install mosquitto)");
        ManualClock clock = new ManualClock(Instant.parse("2026-08-01T06:00:00Z"));
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             Database db = Database.open(dir.resolve("device.db"));
             RegistryUnderTest registry = RegistryUnderTest.bridgedTo(dir, broker.plainUri())) {
            TallyRows tallies = new TallyRows(db, "farm-7", "barn-2");
            registry.enrol("farm-7", "barn-2", tallies.publicKey());
            tallies.append(672, clock.instant());
            // paced at 20 reports per second of device time, and device time stands still: the replay crawls
            UplinkConfig config = UplinkConfig.of(broker.plainUri(), "farm-7", "barn-2").withFlush(32, 20);
            try (Uplink uplink = new Uplink(config, db, clock, tallies.key(), new Random(1), DiskQuota.defaults(),
                    DiskQuota.probeOf(db), List.of(), e -> { })) {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> registry.highestContiguous("farm-7", "barn-2") > 0);
                uplink.publishAlarm(new AlarmEvent.Raised(new Alarm("barn.fan.stalled", Alarm.Severity.CRITICAL,
                        "circulation fan stalled", clock.instant()), clock.instant()));
                await().atMost(Duration.ofSeconds(20)).until(() -> registry.alarms("farm-7", "barn-2").size() == 1);
                assertThat(registry.highestContiguous("farm-7", "barn-2")).as("the backlog is still being replayed").isLessThan(672);
                assertThat(uplink.status().backlog()).isPositive();
            }
        }
    }

    @Test
    void reconnectWaitsForTheBackoffOnTheInjectedClock() {
        ManualClock clock = new ManualClock(Instant.parse("2026-08-01T06:00:00Z"));
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             Database db = Database.open(dir.resolve("device.db"))) {
            UplinkConfig config = UplinkConfig.of(broker.plainUri(), "farm-7", "barn-2")
                    .withBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
            try (Uplink uplink = new Uplink(config, db, clock, KEY, new Random(1), DiskQuota.defaults(),
                    DiskQuota.probeOf(db), List.of(), e -> { })) {
                uplink.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> uplink.status().connected());
                broker.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> !uplink.status().connected());
                assertThat(uplink.status().lastError()).get().asString().contains("connection lost");
                broker.start();
                // device time stands still: the first retry is due 5 to 10 s (of device time) after the loss
                await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                        .until(() -> !uplink.status().connected());
                clock.advance(Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(20)).until(() -> uplink.status().connected());
            }
        }
    }
}
