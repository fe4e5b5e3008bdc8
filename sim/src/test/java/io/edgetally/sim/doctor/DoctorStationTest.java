package io.edgetally.sim.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.cli.Cli;
import io.edgetally.cli.DoctorCommand;
import io.edgetally.io.plc.StationPlcMap;
import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.sim.standalone.StandaloneStation;
import io.edgetally.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgetally doctor} for a swap station: the PLC's header and every meter, against the simulated station. */
class DoctorStationTest {

    @TempDir
    Path dir;

    private String doctor(Path config, int expectedExit) {
        DoctorCommand command = new DoctorCommand(provider -> {
            throw new AssertionError("a station without relays needs no GPIO, asked for " + provider);
        }, new ManualClock(Instant.parse("2026-07-15T06:00:00Z")), d -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new Cli().register("doctor", command).run(new String[] {"doctor", "--config", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isEqualTo(expectedExit);
        return text;
    }

    @Test
    void thePlcAndTheNineMetersAreCheckedAndAWrongSlotCountIsNamed() throws Exception {
        try (StandaloneStation sim = new StandaloneStation(new StandaloneStation.Options(1, 0, 0, 1, 1),
                Instant.parse("2026-07-15T06:00:00Z"))) {
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, sim.configYaml(dir.resolve("data").toString()));
            String healthy = doctor(file, 0);
            assertThat(healthy.lines().filter(l -> l.startsWith("PASS")))
                    .anySatisfy(l -> assertThat(l).contains("station PLC", "map v1, 8 slots", "unit 1"))
                    .anySatisfy(l -> assertThat(l).contains("meter charger-7-dc", "DJSF1352:tcp://127.0.0.1:"))
                    .anySatisfy(l -> assertThat(l).contains("meter grid", "SDM630:"));

            sim.rig().plc().poke(StationPlcMap.SLOT_COUNT, 6);
            String broken = doctor(file, Cli.FAILED);
            assertThat(broken.lines().filter(l -> l.startsWith("FAIL"))).singleElement().asString()
                    .contains("station PLC", "holding register 1 (slot count) is 6, but station.slots in the "
                            + "configuration is 8");
        }
    }
    @Test
    void theEtaFeedIsReadAsTheServiceReadsItAndAMissingSnapshotIsAWarning() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             StandaloneStation sim = new StandaloneStation(new StandaloneStation.Options(1, 0, 0, 1, 1,
                     Optional.of(URI.create(broker.plainUri())), Duration.ofMinutes(60)),
                     Instant.parse("2026-07-15T06:00:00Z"))) {
            Path file = dir.resolve("edgetally.yaml");
            String yaml = sim.configYaml(dir.resolve("data").toString());
            Files.writeString(file, yaml);
            assertThat(doctor(file, 0).lines().filter(l -> l.startsWith("PASS")))
                    .anySatisfy(l -> assertThat(l).contains("ETA feed", "topic fleet/sim-station/eta",
                            "truck(s) announced, complete until 2026-07-15T07:00:00Z"));

            Files.writeString(file, yaml.replace("topic: fleet/sim-station/eta", "topic: fleet/nobody/eta"));
            assertThat(doctor(file, 0).lines().filter(l -> l.startsWith("WARN")))
                    .anySatisfy(l -> assertThat(l).contains("ETA feed", "no snapshot on topic fleet/nobody/eta",
                            "retained"));
        }
    }
}
