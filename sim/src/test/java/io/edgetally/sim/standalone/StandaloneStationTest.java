package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.alarm.AlarmEvent;
import io.edgetally.config.ConfigNode;
import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.site.RunningSite;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.station.StationService;
import io.edgetally.station.control.StationEvent;
import io.edgetally.testkit.ManualClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone simulated station, driven by the station service from the config it prints. */
class StandaloneStationTest {

    @TempDir
    Path dir;

    @Test
    void theServiceRunsTheStationFromThePrintedConfig() {
        Instant start = Instant.parse("2026-07-15T02:00:00Z");
        ManualClock clock = new ManualClock(start);
        try (StandaloneStation sim = new StandaloneStation(new StandaloneStation.Options(1, 0, 0, 2, 3), start)) {
            sim.model().setPackSoc(2, 0.5);
            // the printed config binds CoAP to its standard ports; a test takes free ones
            String yaml = sim.configYaml(dir.resolve("controller").toString())
                    .replace("port: 5683, dtls-port: 5684", "port: 0, dtls-port: 0");
            SiteConfig.Station config = (SiteConfig.Station) SiteConfig.from(ConfigNode.parse("printed.yaml", yaml));
            assertThat(config.station().plc()).isPresent();
            try (StationService service = ((RunningSite.Station) Sites.start(config, Path.of("printed.yaml"),
                    SiteHost.device().withClock(clock))).service()) {
                for (int i = 0; i < 30; i++) {
                    service.cycle();
                    sim.advance(Duration.ofSeconds(10));
                    clock.advance(Duration.ofSeconds(10));
                }
                assertThat(service.site().ioAlarms()).isEmpty();
                assertThat(sim.rig().plc().setpointKw(2)).isPositive();
                assertThat(sim.model().soc(2)).isGreaterThan(0.5);
                assertThat(sim.statusLine()).contains("kW").contains("served");
            }
        }
    }
    @Test
    void withABrokerTheSimulatedPlatformPublishesEtasAndTheServiceTrustsThem() throws Exception {
        Instant start = Instant.parse("2026-07-15T02:00:00Z");
        ManualClock clock = new ManualClock(start);
        List<StationEvent> events = new CopyOnWriteArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             StandaloneStation sim = new StandaloneStation(new StandaloneStation.Options(1, 0, 0, 2, 3,
                     Optional.of(URI.create(broker.plainUri())), Duration.ofMinutes(60)), start)) {
            String yaml = sim.configYaml(dir.resolve("controller").toString())
                    .replace("port: 5683, dtls-port: 5684", "port: 0, dtls-port: 0");
            assertThat(yaml).contains("eta: {topic: fleet/sim-station/eta, broker: " + broker.plainUri() + "}");
            SiteConfig.Station config = (SiteConfig.Station) SiteConfig.from(ConfigNode.parse("printed.yaml", yaml));
            try (StationService service = ((RunningSite.Station) Sites.start(config, Path.of("printed.yaml"),
                    SiteHost.device().withClock(clock))).service()) {
                service.site().addListener(image -> events.addAll(image.command().orElseThrow().events()));
                // the retained snapshot reaches the service's ETA client; from then on the feed is trusted
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    cycle(service, sim, clock);
                    return !service.status().site().object("queue").require("etaCompleteUntil")
                            .equals(JsonValue.JsonNull.INSTANCE);
                });
                for (int i = 0; i < 30; i++) {
                    cycle(service, sim, clock);
                }
                JsonObject queue = service.status().site().object("queue");
                assertThat(queue.require("etaProblem")).isEqualTo(JsonValue.JsonNull.INSTANCE);
                assertThat(Instant.parse(queue.string("etaCompleteUntil")))
                        .isAfter(clock.instant().plus(Duration.ofMinutes(55)));
                assertThat(activeEtaAlarm(events)).isFalse();
            }
        }
    }

    @Test
    void theSimulatedPlatformOutlivesItsBrokerAndPublishesAgainWhenItIsBack() throws Exception {
        Instant start = Instant.parse("2026-07-15T02:00:00Z");
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             StandaloneStation sim = new StandaloneStation(new StandaloneStation.Options(1, 0, 0, 2, 3,
                     Optional.of(URI.create(broker.plainUri())), Duration.ofMinutes(60)), start)) {
            broker.stop();
            sim.advance(Duration.ofMinutes(2)); // the station lives on while the platform cannot publish
            assertThat(sim.statusLine()).contains("02:02");

            broker.start();
            List<String> received = new CopyOnWriteArrayList<>();
            try (MqttClient listener = new MqttClient(broker.plainUri(), "listener", new MemoryPersistence())) {
                listener.connect();
                listener.subscribe(StandaloneStation.ETA_TOPIC, 1, (t, m) -> received.add(new String(m.getPayload(),
                        java.nio.charset.StandardCharsets.UTF_8)));
                sim.advance(Duration.ofMinutes(1));
                await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                        .anyMatch(p -> p.contains("\"sent\":\"2026-07-15T02:03")));
                listener.disconnect();
            }
        }
    }

    private static void cycle(StationService service, StandaloneStation sim, ManualClock clock) {
        service.cycle();
        sim.advance(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
    }

    /** Whether station.eta is raised after the events so far. */
    private static boolean activeEtaAlarm(List<StationEvent> events) {
        boolean active = false;
        for (StationEvent e : events) {
            if (e instanceof StationEvent.AlarmChanged(AlarmEvent.Raised r) && r.alarm().code().equals("station.eta")) {
                active = true;
            } else if (e instanceof StationEvent.AlarmChanged(AlarmEvent.Cleared c) && c.code().equals("station.eta")) {
                active = false;
            }
        }
        return active;
    }
}
