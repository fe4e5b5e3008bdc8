package io.edgetally.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The developer launcher's commands use the firmware's parser: --help everywhere, wrong options named. */
class DevMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String line) {
        out.reset();
        err.reset();
        return DevMain.cli().run(line.split(" "), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo barn", "demo station", "sim barn", "sim station", "run", "doctor", "keys init"})
    void everySubCommandAnswersHelp(String command) {
        assertThat(run(command + " --help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: edgetally " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "sim"})
    void aGroupAnswersHelpWithItsSites(String group) {
        assertThat(run(group + " --help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(group + " barn", group + " station");
        assertThat(run(group)).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(group.equals("sim")
                ? "which one? one of [barn, station, fault]" : "which one? one of [barn, station]");
    }

    @Test
    void aWrongOptionOfADemoIsNamedWithItsUsage() {
        assertThat(run("demo barn --speeed 10")).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("edgetally demo barn: unknown option --speeed; expected one of [")
                .contains("--speed N", "usage: edgetally demo barn");
        assertThat(run("sim station --speed fast")).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--speed must be a number");
    }

    @Test
    void theWholeListShowsTheSimulatorsCommandsBesideTheFirmwares() {
        assertThat(run("--help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo barn", "demo station", "sim barn",
                "sim station", "run", "doctor");
    }
}
