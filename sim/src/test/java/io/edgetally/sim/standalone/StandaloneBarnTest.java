package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.barn.curing.BarnInputs;
import io.edgetally.barn.curing.BarnOutputs;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.barn.io.BarnIo;
import io.edgetally.barn.io.BarnWiring;
import io.edgetally.cli.Cli;
import io.edgetally.config.BarnConfig;
import io.edgetally.config.ConfigNode;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.wiring.Meters;
import io.edgetally.site.RunningSite;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.barn.BarnService;
import io.edgetally.status.CoapConfigurations;
import io.edgetally.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone simulated barn, driven over loopback by the firmware's own wiring from the config it prints. */
class StandaloneBarnTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-07-15T06:00:00Z"));

    private StandaloneBarn.Options options(Optional<Path> oneWire) {
        return new StandaloneBarn.Options(dir, BarnConfig.Heating.RESISTIVE, 1.0, 0, 0, oneWire, 7);
    }

    @Test
    void theControllersWiringHeatsTheBarnAndTheMeterCountsAndARestartResumes() throws Exception {
        double dryBefore;
        double dryAfter;
        double kwhAfter;
        Duration elapsed;
        List<Boolean> relays;
        try (StandaloneBarn sim = new StandaloneBarn(options(Optional.empty()));
             ModbusLinks links = new ModbusLinks(clock)) {
            assertThat(sim.resumed()).isFalse();
            SiteConfig.Barn config = (SiteConfig.Barn) SiteConfig.from(ConfigNode.parse("printed.yaml", sim.configYaml()));
            BarnIo io = BarnWiring.io(config, Optional.empty(), links, clock);
            try (EnergyMeter meter = Meters.open(config.io().meters().get(0), links, Optional.empty(),
                    config.dataDir(), clock)) {
                BarnInputs in = io.read();
                dryBefore = celsius(in.dryBulb());
                assertThat(celsius(in.wetBulb())).isLessThanOrEqualTo(dryBefore + 0.5);
                MeterReading first = meter.read();
                assertThat(first).isInstanceOf(MeterReading.Ok.class);
                assertThat(first.meterId()).isEqualTo("SDM630:24071502");

                for (int minute = 0; minute < 60; minute++) {
                    io.write(new BarnOutputs(3, false, 0.0, FanSpeed.HIGH));
                    sim.advance(Duration.ofMinutes(1));
                }
                BarnInputs hot = io.read();
                dryAfter = celsius(hot.dryBulb());
                assertThat(hot.airflowProven()).isTrue();
                assertThat(dryAfter).isGreaterThan(dryBefore + 5);
                MeterReading.Ok later = (MeterReading.Ok) meter.read();
                kwhAfter = later.importKwh();
                assertThat(kwhAfter - ((MeterReading.Ok) first).importKwh()).as("~54 kW for an hour")
                        .isBetween(40.0, 70.0);
                assertThat(later.powerW()).isGreaterThan(40_000);
                elapsed = sim.barn().elapsed();
                relays = sim.relayBoard().coils();
                assertThat(relays).as("test setup: heat and fan on").contains(true);
            }
        }
        try (StandaloneBarn again = new StandaloneBarn(options(Optional.empty()))) {
            assertThat(again.resumed()).isTrue();
            assertThat(again.barn().elapsed()).isEqualTo(elapsed);
            assertThat(again.barn().importKwh()).isCloseTo(kwhAfter, org.assertj.core.data.Offset.offset(0.01));
            assertThat(again.barn().trueState().dryBulbCelsius()).isGreaterThan(dryBefore + 5);
            assertThat(again.relayBoard().coils()).as("the relays as the controller left them, as a board holds them")
                    .isEqualTo(relays);
        }
    }

    @Test
    void withAOneWireFolderTheConfigReadsProbeFiles() throws Exception {
        Path w1 = dir.resolve("w1");
        try (StandaloneBarn sim = new StandaloneBarn(options(Optional.of(w1)));
             ModbusLinks links = new ModbusLinks(clock)) {
            SiteConfig.Barn config = (SiteConfig.Barn) SiteConfig.from(ConfigNode.parse("printed.yaml", sim.configYaml()));
            assertThat(config.io().oneWire().basePath()).isEqualTo(w1.toAbsolutePath());
            assertThat(config.io().modbusProbes()).isEmpty();
            BarnInputs in = BarnWiring.io(config, Optional.empty(), links, clock).read();
            assertThat(in.dryBulb().isValid()).isTrue();
            assertThat(in.wetBulb().isValid()).isTrue();
        }
    }

    @Test
    void twoInstancesOnOneHostPrintConfigsThatRunAsPrintedEachWithItsOwnCoapPorts() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CoapEndpoint client = new CoapEndpoint.Builder().setConfiguration(CoapConfigurations.client()).build();
        try (StandaloneBarn simA = new StandaloneBarn(new StandaloneBarn.Options(a, BarnConfig.Heating.RESISTIVE,
                     1.0, 0, 0, Optional.empty(), 7));
             StandaloneBarn simB = new StandaloneBarn(new StandaloneBarn.Options(b, BarnConfig.Heating.RESISTIVE,
                     1.0, 0, 0, Optional.empty(), 8))) {
            assertThat(simA.controller().coapPort()).isNotEqualTo(simB.controller().coapPort())
                    .isNotEqualTo(5683);
            // what `edgetally run --config FILE` builds, from the files exactly as the simulators wrote them
            try (BarnService runA = run(simA, a); BarnService runB = run(simB, b)) {
                for (var pair : List.of(java.util.Map.entry(simA, runA), java.util.Map.entry(simB, runB))) {
                    StandaloneBarn sim = pair.getKey();
                    BarnService service = pair.getValue();
                    service.cycle();
                    assertThat(service.database().file()).startsWith(sim.controller().dataDir());
                    CoapClient status = new CoapClient("coap://127.0.0.1:" + sim.controller().coapPort() + "/status");
                    status.setEndpoint(client);
                    status.setTimeout(5_000L);
                    CoapResponse r = status.get();
                    assertThat(r).as("CoAP /status on the printed port %d", sim.controller().coapPort()).isNotNull();
                    assertThat(r.isSuccess()).isTrue();
                    assertThat(r.getResponseText()).contains("barn-01");
                }
            }
        } finally {
            client.destroy();
        }
    }

    private static BarnService run(StandaloneBarn sim, Path dir) throws Exception {
        Path file = dir.resolve("edgetally.yaml");
        Files.writeString(file, sim.configYaml());
        SiteConfig config = SiteConfig.load(file);
        assertThat(config.uplink()).isEmpty();
        assertThat(config.coap().bind()).isEqualTo("127.0.0.1");
        return ((RunningSite.Barn) Sites.start(config, file, SiteHost.device())).service();
    }

    @Test
    void withABrokerThePrintedConfigHasAnUplink() throws Exception {
        try (StandaloneBarn sim = new StandaloneBarn(new StandaloneBarn.Options(dir, BarnConfig.Heating.HEAT_PUMP,
                1.0, 0, 0, Optional.empty(), 7, 15683, Optional.of("tcp://127.0.0.1:1883"), Optional.empty(), false))) {
            SiteConfig config = SiteConfig.from(ConfigNode.parse("printed.yaml", sim.configYaml()));
            assertThat(config.uplink()).hasValueSatisfying(u -> assertThat(u.broker()).isEqualTo("tcp://127.0.0.1:1883"));
            assertThat(config.coap().port()).isEqualTo(15683);
            assertThat(config.coap().dtlsPort()).isEqualTo(15684);
            assertThat(config.dataDir()).isEqualTo(dir.resolve("controller").toAbsolutePath());
        }
    }

    @Test
    void withARegistryKeyTheUplinkTakesOnlyAcksSignedWithIt() throws Exception {
        String key = io.edgetally.protocol.chain.Ed25519Keys.toBase64(
                io.edgetally.protocol.chain.Ed25519Keys.generate().getPublic());
        StandaloneBarn.Options options = SimBarnCommand.options(List.of("--dir", dir.toString(), "--meter-port", "0",
                "--io-port", "0", "--broker", "tcp://127.0.0.1:1883", "--registry-key", key));
        try (StandaloneBarn sim = new StandaloneBarn(options)) {
            SiteConfig config = SiteConfig.from(ConfigNode.parse("printed.yaml", sim.configYaml()));
            assertThat(config.uplink()).hasValueSatisfying(u -> assertThat(u.registryKeys()).containsExactly(key));
        }
        assertThatThrownBy(() -> SimBarnCommand.options(List.of("--registry-key", key)))
                .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--registry-key needs --broker");
        assertThatThrownBy(() -> SimBarnCommand.options(List.of("--broker", "tcp://127.0.0.1:1883",
                "--registry-key", "not-a-key"))).isInstanceOf(Cli.UsageException.class)
                .hasMessageContaining("--registry-key").hasMessageContaining("base64").hasMessageContaining("not-a-key");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThatThrownBy(() -> SimBarnCommand.options(List.of("--broker", "ssl://registry.example:8883")))
                .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--broker").hasMessageContaining("tcp://");
        assertThatThrownBy(() -> SimBarnCommand.options(List.of("--coap-port", "65535")))
                .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--coap-port");
        assertThatThrownBy(() -> SimBarnCommand.options(List.of("--speed", "0")))
                .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--speed");
        assertThatThrownBy(() -> SimBarnCommand.options(List.of("--heating", "coal")))
                .isInstanceOf(Cli.UsageException.class).hasMessageContaining("resistive or heat-pump");
        assertThat(SimBarnCommand.options(List.of()).meterPort()).isEqualTo(SimBarnCommand.DEFAULT_METER_PORT);
    }

    private static double celsius(TemperatureReading r) {
        assertThat(r).isInstanceOf(TemperatureReading.Valid.class);
        return ((TemperatureReading.Valid) r).celsius();
    }
}
