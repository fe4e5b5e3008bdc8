package io.edgetally.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The developer launcher's commands use the firmware's parser: --help everywhere, wrong options named; and
 * {@code registry ...} is the registry's own command line.
 */
class DevMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String line) {
        out.reset();
        err.reset();
        return DevMain.run(line.split(" "), new PrintStream(out, true, StandardCharsets.UTF_8),
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
                "sim station", "run", "doctor", "registry", "edgetally registry --help");
    }

    @Test
    void theRegistrysCommandsRunFromTheLauncherWithTheirHelp() {
        assertThat(run("registry --help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve --config FILE", "enrol --config FILE",
                "export --config FILE", "statement --config FILE", "keys init --config FILE");
        assertThat(run("registry serve --help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve --config FILE");
        assertThat(run("registry")).as("no command: the list, as an error").isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("serve --config FILE");
        assertThat(run("registry exprot --config x.yaml")).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'exprot'");
    }

    @Test
    void theRegistrysKeyIsMadeAndShownFromTheLauncher() throws Exception {
        Path config = Files.writeString(dir.resolve("registry.yaml"), """
                mqtt:
                  uri: tcp://127.0.0.1:1883
                  clientId: dev-registry
                dataDir: %1$s/data
                signingKey: %1$s/registry-key.pem
                """.formatted(dir));
        assertThat(run("registry keys init --config " + config)).as(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(Cli.OK);
        String made = out.toString(StandardCharsets.UTF_8);
        assertThat(dir.resolve("registry-key.pem")).exists();
        assertThat(run("registry keys show --config " + config)).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("the same key, for the devices").isEqualTo(made);
        assertThat(run("registry keys init --config " + config)).as("never overwritten").isNotZero();
    }
}
