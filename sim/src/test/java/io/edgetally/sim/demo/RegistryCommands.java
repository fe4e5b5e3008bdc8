package io.edgetally.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.sim.cli.DevMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The registry's commands as a developer runs them on a demo's registry: {@code ./edgetally registry ARGS...}. */
final class RegistryCommands {

    private RegistryCommands() {}

    /** Runs {@code ./edgetally registry ARGS...}, which must succeed; returns what it printed on stdout. */
    static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] line = new String[args.length + 1];
        line[0] = "registry";
        System.arraycopy(args, 0, line, 1, args.length);
        int rc = DevMain.run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(String.join(" ", line) + ": " + out.toString(StandardCharsets.UTF_8)
                + err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
