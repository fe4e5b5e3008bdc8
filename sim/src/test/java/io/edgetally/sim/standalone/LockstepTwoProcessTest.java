package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.cli.Cli;
import io.edgetally.config.BarnConfig;
import io.edgetally.sim.cli.DevMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} refuses {@code clock: simulator} against anything that does not announce itself as edgetally's
 * simulator, so a real barn never runs on a simulated clock. The cure in lockstep itself, both as OS processes and
 * killed at random points, is {@link CureTwoProcessTest}.
 */
class LockstepTwoProcessTest {

    @TempDir
    Path dir;

    @Test
    void runRefusesTheSimulatorsClockFromADeviceThatDoesNotAnnounceIt() throws Exception {
        // a simulator in real time serves no clock: to run it is a device like any other
        try (StandaloneBarn sim = new StandaloneBarn(new StandaloneBarn.Options(dir, BarnConfig.Heating.RESISTIVE,
                1.0, 0, 0, Optional.empty(), 7))) {
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, sim.configYaml().replace("cycle: 15s\n", "cycle: 15s\nclock: simulator\n"));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = DevMain.cli().run(new String[] {"run", "--config", file.toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(Cli.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not announce itself as edgetally's "
                    + "simulator").contains("tcp://127.0.0.1:" + sim.ioPort() + " unit 100").contains("real I/O");
        }
        // real I/O: relays on GPIO pins
        Path gpio = dir.resolve("gpio.yaml");
        Files.writeString(gpio, Files.readString(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("deploy-scripts/examples/barn.yaml")).replace("cycle: 15s", "cycle: 15s\nclock: simulator"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DevMain.cli().run(new String[] {"run", "--config", gpio.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("clock: simulator").contains("real I/O");
    }
}
