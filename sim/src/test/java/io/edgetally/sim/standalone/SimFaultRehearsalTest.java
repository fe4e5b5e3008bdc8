package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.barn.BarnService;
import io.edgetally.config.BarnConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.sim.cli.DevMain;
import io.edgetally.site.RunningSite;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.store.Database;
import io.edgetally.io.gpio.GpioOpener;
import io.edgetally.status.CoapConfigurations;
import io.edgetally.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installer's rehearsal: the controller, built from the config {@code sim barn} printed exactly as
 * {@code edgetally run} builds it, drives the standalone simulated barn over Modbus TCP; each fault is put on with
 * {@code edgetally sim fault --dir DIR ...} (the command line, through its control file) and its alarm must show on
 * the controller's CoAP {@code /alarms}, read over UDP on the printed port, with the heat off for every critical
 * one; {@code sim fault clear} takes it off and the alarm goes. The clock is a manual one (cycles of 15 s at
 * machine speed), so the half hour a stuck probe takes to be judged stuck takes a few seconds.
 */
class SimFaultRehearsalTest {

    private static final Duration CYCLE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-07-15T06:00:00Z"));

    /** A fault's words, the alarm it must raise, whether that alarm is critical, within how many cycles. */
    private record Case(List<String> words, String code, boolean critical, int withinCycles) {}

    private static final List<Case> CASES = List.of(
            new Case(List.of("probe-open", "dry-bulb"), "barn.dry-bulb.fault", true, 2),
            new Case(List.of("probe-open", "wet-bulb"), "barn.wet-bulb.fault", true, 2),
            new Case(List.of("wet-above-dry"), "barn.wet-above-dry", true, 2),
            new Case(List.of("airflow-lost"), "barn.fan.no-airflow", true, 4),
            new Case(List.of("cutout-tripped"), "barn.cutout-tripped", true, 2),
            new Case(List.of("meter-silent"), "barn.meter.unreadable", false, 2),
            // judged stuck after 30 min unchanged while heating: 120 cycles, and a few for the heater's duty
            new Case(List.of("probe-stuck", "wet-bulb"), "barn.wet-bulb.stuck", true, 160),
            new Case(List.of("probe-stuck", "dry-bulb"), "barn.dry-bulb.stuck", true, 160));

    @Test
    void eachFaultPutOnTheRunningSimulatorShowsItsAlarmOnRunsCoapAlarmsAndGoesWhenCleared() throws Exception {
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(CoapConfigurations.client()).build();
        try (StandaloneBarn sim = new StandaloneBarn(new StandaloneBarn.Options(dir, BarnConfig.Heating.RESISTIVE,
                1.0, 0, 0, Optional.empty(), 7))) {
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, sim.configYaml());
            // as run builds it, on the manual clock; commits without fsync (a simulated barn, hours in seconds)
            SiteHost host = new SiteHost(clock, GpioOpener.pi4j(), Database.Durability.NORMAL, u -> u,
                    Optional.empty(), c -> c);
            try (BarnService run = ((RunningSite.Barn) Sites.start(SiteConfig.load(file), file, host)).service()) {
                CoapClient alarms = new CoapClient("coap://127.0.0.1:" + sim.controller().coapPort() + "/alarms");
                alarms.setEndpoint(endpoint);
                alarms.setTimeout(5_000L);
                // past the three hours of loading, into the warm-up: the heater is bringing the barn up to 35 °C
                for (int i = 0; i < 3 * 240 + 40; i++) {
                    cycle(run, sim);
                }
                assertThat(run.site().state().orElseThrow().stepName()).isEqualTo("warm-up");
                assertThat(active(alarms)).as("no alarm before any fault").isEmpty();
                List<String> seen = new ArrayList<>();
                for (Case c : CASES) {
                    assertThat(cyclesUntilHeating(run, sim, 60)).as("the heater runs before %s", c.words).isPositive();
                    assertThat(sim(Stream.concat(Stream.of("sim", "fault", "--dir", dir.toString()), c.words.stream())))
                            .contains("put on " + String.join(" ", c.words));
                    int cycles = cyclesUntil(run, sim, alarms, c.code, true, c.withinCycles);
                    assertThat(cycles).as("%s raised %s on /alarms within %d cycles", c.words, c.code, c.withinCycles)
                            .isPositive();
                    assertThat(sim.faults()).extracting(SimFault::words).containsExactly(String.join(" ", c.words));
                    if (c.critical) {
                        assertThat(active(alarms)).containsEntry(c.code, "critical");
                        for (int coil = 0; coil < 3; coil++) {
                            assertThat(sim.relayBoard().coil(StandaloneBarn.COIL_HEATER_1 + coil))
                                    .as("heater stage %d relay with %s", coil + 1, c.words).isFalse();
                        }
                    }
                    assertThat(sim(Stream.concat(Stream.of("sim", "fault", "--dir", dir.toString(), "clear"),
                            c.words.stream()))).contains("shows no fault");
                    assertThat(cyclesUntil(run, sim, alarms, c.code, false, 30))
                            .as("%s cleared from /alarms once the fault is off", c.code).isPositive();
                    seen.add(c.code + " in " + cycles + " cycles");
                }
                assertThat(seen).hasSize(CASES.size());
            }
        } finally {
            endpoint.destroy();
        }
    }

    @Test
    void theCommandNamesWhatItExpects() throws Exception {
        Files.createDirectories(dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DevMain.cli().run(new String[] {"sim", "fault", "--dir", dir.toString(), "probe-open", "attic"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'attic' is not a probe")
                .contains("dry-bulb or wet-bulb");
        err.reset();
        code = DevMain.cli().run(new String[] {"sim", "fault", "--dir", dir.toString(), "smoke"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'smoke' is not a fault").contains("meter-silent");
        Files.writeString(dir.resolve(FaultFile.NAME), "airflow-lost\nprobe-stuck\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new FaultFile(dir).read()))
                .hasMessageContaining(FaultFile.NAME + " line 2").hasMessageContaining("needs one probe");
    }

    /** One control cycle of the controller, then the barn lives through it. */
    private void cycle(BarnService run, StandaloneBarn sim) {
        run.cycle();
        sim.advance(CYCLE);
        clock.advance(CYCLE);
    }

    /** Cycles until a heater stage is on; the cycles it took, or -1. */
    private int cyclesUntilHeating(BarnService run, StandaloneBarn sim, int atMost) {
        for (int i = 1; i <= atMost; i++) {
            cycle(run, sim);
            if (sim.relayBoard().coil(StandaloneBarn.COIL_HEATER_1)) {
                return i;
            }
        }
        return -1;
    }

    /** Cycles until /alarms does (or no longer does) list {@code code}; the cycles it took, or -1. */
    private int cyclesUntil(BarnService run, StandaloneBarn sim, CoapClient alarms, String code, boolean listed,
                            int atMost) throws Exception {
        for (int i = 1; i <= atMost; i++) {
            cycle(run, sim);
            if (active(alarms).containsKey(code) == listed) {
                return i;
            }
        }
        return -1;
    }

    /** The active alarms on /alarms: code to severity. */
    private static Map<String, String> active(CoapClient alarms) throws Exception {
        CoapResponse r = alarms.get();
        assertThat(r).as("an answer from CoAP /alarms").isNotNull();
        assertThat(r.isSuccess()).isTrue();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonValue v : ((JsonValue.JsonArray) Json.parseObject(r.getResponseText()).require("active")).items()) {
            JsonValue.JsonObject a = (JsonValue.JsonObject) v;
            out.put(a.string("code"), a.string("severity"));
        }
        return out;
    }

    /** Runs {@code edgetally sim ...} as the developer launcher does; its output. */
    private static String sim(Stream<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DevMain.cli().run(argv.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
