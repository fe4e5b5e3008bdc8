package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.config.SiteConfig;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.protocol.eta.EtaSnapshot;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.sim.registry.RegistryUnderTest;
import io.edgetally.site.RunningSite;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.station.StationRequest;
import io.edgetally.station.StationService;
import io.edgetally.station.SwapStore;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.SwapRecord;
import io.edgetally.status.CoapConfigurations;
import io.edgetally.testkit.ManualClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgetally run}'s station path ({@link StationService}, built from an edgetally.yaml) against the simulated
 * station over loopback sockets: the PLC map and nine meters, on a manual clock with one-minute cycles.
 */
class StationServiceTest {

    private static final Duration CYCLE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void aStationRunsFromItsConfigBooksItsSwapsAndTalliesAndKeepsUnderTheCap() throws Exception {
        StationScenario scenario = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 11);
        SwapStationModel model = scenario.model();
        ManualClock clock = new ManualClock(scenario.start());
        Instant lowCapAt = scenario.start().plus(Duration.ofHours(9));
        try (StationRig rig = new StationRig(model)) {
            rig.startMeters();
            rig.startPlc(0);
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, yaml(rig));
            SiteConfig.Station config = (SiteConfig.Station) SiteConfig.load(file);
            int cycles = 0;
            try (StationService service = ((RunningSite.Station) Sites.start(config, file,
                    SiteHost.device().withClock(clock))).service()) {
                for (Instant t = clock.instant(); t.isBefore(scenario.start().plus(Duration.ofHours(12)));
                        t = clock.instant()) {
                    if (t.equals(lowCapAt)) {
                        service.site().handle(new StationRequest.SetPowerCap(Optional.of(BigDecimal.valueOf(450)),
                                "grid operator")); // the grid operator asks for less
                    }
                    service.cycle();
                    cycles++;
                    StationCommand command = service.site().lastCommand().orElseThrow();
                    for (ChargerSetpoint s : command.setpoints()) {
                        assertThat(rig.plc().setpointKw(s.slot())).as("slot %d at %s", s.slot(), t)
                                .isCloseTo(s.powerKw(), within(0.1)).isLessThanOrEqualTo(s.powerKw() + 1e-9);
                    }
                    rig.advance(CYCLE);
                    clock.advance(CYCLE);
                    assertThat(model.gridKw()).as("grid power in the minute after %s", t)
                            .isLessThanOrEqualTo(command.totalKw() + 1e-6);
                    if (!t.isBefore(lowCapAt)) {
                        assertThat(model.gridKw()).as("the external cap from %s", t).isLessThanOrEqualTo(450 + 1e-6);
                    }
                }
                assertThat(service.site().ioAlarms()).isEmpty();
                List<SwapRecord> booked = new SwapStore(service.database()).swapsBetween(scenario.start(),
                        clock.instant());
                List<SwapStationModel.ServedSwap> served = model.served();
                assertThat(served).hasSizeGreaterThan(10);
                // packs charged to the hand-out SOC as the PLC shows it are handed out: no queue builds up
                assertThat(model.trucksWaiting()).isLessThanOrEqualTo(1);
                assertThat(booked).extracting(SwapRecord::truckId)
                        .containsExactlyElementsOf(served.stream().map(SwapStationModel.ServedSwap::truckId).toList());
                long records = service.tally().ledger().ledger().lastSeq();
                assertThat(records).as("15-minute tally records over 12 h").isGreaterThanOrEqualTo(46);
                assertThat(service.tally().ledger().ledger().rollup(scenario.start(), clock.instant()).totals()
                        .energyKwh().doubleValue())
                        .as("booked from the revenue meter").isCloseTo(model.gridImportKwh(), within(
                                model.gridImportKwh() * 0.05 + 1));
            }
            assertThat(cycles).isEqualTo(12 * 60);
            assertThat(model.capViolations()).isZero();
            for (int i = 0; i < 8; i++) {
                assertThat(rig.plc().setpointKw(i)).as("slot %d after the service stopped", i).isZero();
            }
        }
    }

    @Test
    void aPlcOutageReachesTheRegistryAsAnAlarmRaisedAndThenCleared() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "the registry's bridge needs mosquitto (apt-get install mosquitto)");
        StationScenario scenario = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 11);
        SwapStationModel model = scenario.model();
        ManualClock clock = new ManualClock(scenario.start());
        try (StationRig rig = new StationRig(model);
             EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             RegistryUnderTest registry = RegistryUnderTest.bridgedTo(dir, broker.plainUri())) {
            rig.startMeters();
            rig.startPlc(0);
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, yaml(rig) + "uplink:\n  broker: " + broker.plainUri() + "\n");
            registry.enrolSite(SiteConfig.load(file));
            try (StationService service = ((RunningSite.Station) Sites.start(SiteConfig.load(file), file,
                    SiteHost.device().withClock(clock))).service()) {
                for (int i = 0; i < 3; i++) {
                    cycle(service, rig, clock);
                }
                rig.plcServer().setSilent(StationRig.PLC_UNIT, true);
                cycle(service, rig, clock);
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.alarms("test-station", "station-01").stream()
                        .anyMatch(a -> a.contains("\"event\":\"raised\"") && a.contains("station.plc.offline")
                                && a.contains("CRITICAL")));

                rig.plcServer().setSilent(StationRig.PLC_UNIT, false);
                cycle(service, rig, clock);
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.alarms("test-station", "station-01").stream()
                        .anyMatch(a -> a.contains("\"event\":\"cleared\"") && a.contains("station.plc.offline")));
                // the outage blamed no charger: the registry hears of the PLC, not of eight charger faults
                assertThat(registry.alarms("test-station", "station-01")).noneMatch(a -> a.contains("station.charger."));
            }
        }
    }

    @Test
    void etasFromTheDispatchFeedShowOnTheOperatorsStatusAndASilentFeedRaisesAnAlarm() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "the registry's bridge needs mosquitto (apt-get install mosquitto)");
        StationScenario scenario = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 11);
        SwapStationModel model = scenario.model();
        ManualClock clock = new ManualClock(scenario.start().plus(Duration.ofHours(8)));
        Instant now = clock.instant();
        EtaSnapshot snapshot = new EtaSnapshot(now, now.plus(Duration.ofHours(1)), List.of(
                new EtaSnapshot.TruckEta("T031", now.plus(Duration.ofMinutes(12))),
                new EtaSnapshot.TruckEta("T077", now.plus(Duration.ofMinutes(40)))));
        CoapEndpoint coapClient = new CoapEndpoint.Builder().setConfiguration(CoapConfigurations.client()).build();
        try (StationRig rig = new StationRig(model);
             EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             RegistryUnderTest registry = RegistryUnderTest.bridgedTo(dir, broker.plainUri());
             MqttClient platform = new MqttClient(broker.plainUri(), "dispatch-platform", new MemoryPersistence())) {
            platform.connect();
            // retained: a station that (re)connects gets the platform's latest list at once
            platform.publish("fleet/test/eta", snapshot.encode(), 1, true);
            rig.startMeters();
            rig.startPlc(0);
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, yaml(rig) + "uplink:\n  broker: " + broker.plainUri() + "\n");
            Files.writeString(file, Files.readString(file).replace("  plc: {", "  eta: {topic: fleet/test/eta}\n  plc: {"));
            registry.enrolSite(SiteConfig.load(file));
            try (StationService service = ((RunningSite.Station) Sites.start(SiteConfig.load(file), file,
                    SiteHost.device().withClock(clock))).service()) {
                CoapClient station = new CoapClient(service.coap().coapUri().resolve("/station"));
                station.setEndpoint(coapClient);
                station.setTimeout(5_000L);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    cycle(service, rig, clock);
                    JsonObject queue = Json.parseObject(station.get().getResponseText()).object("queue");
                    return queue.longValue("announcedNextHour") == 2 && queue.require("etaProblem")
                            .equals(JsonValue.JsonNull.INSTANCE);
                });

                for (int i = 0; i < 4; i++) {
                    cycle(service, rig, clock); // the platform publishes nothing more
                }
                JsonObject queue = Json.parseObject(station.get().getResponseText()).object("queue");
                assertThat(queue.string("etaProblem")).contains("no ETA snapshot since");
                assertThat(queue.longValue("announcedNextHour")).as("a stale list is not planned for").isZero();
                assertThat(queue.require("etaCompleteUntil")).isEqualTo(JsonValue.JsonNull.INSTANCE);
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.alarms("test-station", "station-01").stream()
                        .anyMatch(a -> a.contains("\"event\":\"raised\"") && a.contains("station.eta")));
            }
            platform.disconnect();
        } finally {
            coapClient.destroy();
        }
    }

    private static void cycle(StationService service, StationRig rig, ManualClock clock) {
        service.cycle();
        rig.advance(CYCLE);
        clock.advance(CYCLE);
    }

    private String yaml(StationRig rig) {
        StringBuilder meters = new StringBuilder(String.format(Locale.ROOT,
                "    - {name: grid, model: sdm630, tcp: 127.0.0.1:%d, unit: 1, max-power-kw: 1500}%n",
                rig.gridMeterPort()));
        for (int i = 0; i < 8; i++) {
            meters.append(String.format(Locale.ROOT,
                    "    - {name: charger-%d-dc, model: djsf1352, tcp: 127.0.0.1:%d, unit: 1, max-power-kw: 400}%n",
                    i, rig.dcMeterPort(i)));
        }
        return """
                site: test-station
                device: station-01
                kind: swap-station
                data-dir: %s
                cycle: 1m
                station:
                  slots: 8
                  grid-cap-kw: 1200
                  plc: {tcp: 127.0.0.1:%d, unit: %d}
                io:
                  meters:
                %s
                ledger:
                  methodology: swap-diesel
                  interval: 15m
                  grid: sichuan-2022
                coap: {bind: 127.0.0.1, port: 0, dtls-port: 0}
                """.formatted(dir.resolve("data"), rig.plcPort(), StationRig.PLC_UNIT, meters.toString().stripTrailing());
    }
}
