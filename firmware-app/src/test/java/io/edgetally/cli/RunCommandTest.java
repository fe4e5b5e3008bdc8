package io.edgetally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgetally run} with a broken configuration or schedule: a clear error naming the file, line and key,
 * exit code 2 (which systemd does not restart on), and nothing started: no database, no relay touched.
 */
class RunCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.cli().run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String config(String schedule, String extra) {
        return """
                site: jiange-07
                device: barn-07
                kind: curing-barn
                data-dir: %s
                cycle: 15s
                barn:
                  schedule: %s
                %s
                io:
                  gpio:
                    provider: gpiod
                    relays:
                      heater-1: {pin: 5}
                  onewire:
                    dry-bulb: 28-0316a2790dff
                    wet-bulb: 28-0316a2791aaa
                  meter:
                    model: sdm630
                    tcp: 127.0.0.1:1502
                """.formatted(dir.resolve("data"), schedule, extra);
    }

    @Test
    void aMistakeInTheConfigStopsTheServiceBeforeAnythingStarts() throws Exception {
        Path file = dir.resolve("edgetally.yaml");
        Files.writeString(file, config("middle-leaf", "  heater-stages: 9"));
        assertThat(run("run", "--config", file.toString())).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(file + " line 8: 'barn.heater-stages' must be a whole number from 1 to 6, found '9'");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aBrokenScheduleFileIsNamedWithItsLineAndStep() throws Exception {
        Files.writeString(dir.resolve("my-barn.yaml"), """
                id: my-barn
                name: my barn
                max-lag-h: 2
                steps:
                  - step: load
                    stage: yellowing
                    fan: high
                    hold-h: 3
                    exit: time
                  - step: warm-up
                    stage: yellowing
                    dry-bulb-c: 35
                    wet-bulb-c: 37
                    ramp-c-per-h: 1.0
                    hold-h: 8
                    exit: operator
                    fan: low
                """);
        Path file = dir.resolve("edgetally.yaml");
        Files.writeString(file, config("my-barn.yaml", ""));
        assertThat(run("run", "--config", file.toString())).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("my-barn.yaml line 13").contains("warm-up")
                .contains("wet-bulb-c");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aMissingRelayOrFileIsRefusedWithWhatIsMissing() throws Exception {
        Path file = dir.resolve("edgetally.yaml");
        Files.writeString(file, config("middle-leaf", ""));
        assertThat(run("run")).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--config FILE is needed");
        assertThat(run("run", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read config file").contains("nope.yaml");
    }

    @Test
    void aStationWithoutItsPlcOrWithTooFewMetersIsRefusedBeforeAnythingStarts() throws Exception {
        String station = """
                site: yibin-03
                device: station-01
                kind: swap-station
                data-dir: %s
                cycle: 1m
                station:
                  slots: 2
                %s
                io:
                  meters:
                    - {name: grid, model: sdm630, tcp: 127.0.0.1:1502, unit: 1}
                    - {name: charger-0-dc, model: sdm630, tcp: 127.0.0.1:1503, unit: 1}
                %s
                ledger:
                  methodology: swap-diesel
                """;
        Path file = dir.resolve("edgetally.yaml");
        Files.writeString(file, station.formatted(dir.resolve("data"), "", ""));
        assertThat(run("run", "--config", file.toString())).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + ": 'station.plc' is missing")
                .contains("plc: {tcp: 10.0.0.30:502, unit: 1}");

        Files.writeString(file, station.formatted(dir.resolve("data"), "  plc: {tcp: 127.0.0.1:1510}", ""));
        assertThat(run("run", "--config", file.toString())).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'io.meters' lists 2 meter(s); a station of 2 slots"
                + " needs the revenue meter first, then one DC meter per slot (3)");

        Files.writeString(file, station.formatted(dir.resolve("data"), "  plc: {tcp: 127.0.0.1:1510, baud: 9}", ""));
        assertThat(run("run", "--config", file.toString())).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 8").contains("baud");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
