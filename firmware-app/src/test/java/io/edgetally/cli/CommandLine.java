package io.edgetally.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The firmware's command line as a user runs it, in the test's process: what it printed and its exit code. */
final class CommandLine {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs {@code edgetally ARGS...}; the output of the previous run is forgotten. */
    int run(String... args) {
        out.reset();
        err.reset();
        return Main.cli().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** What the last run printed on stdout. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the last run printed on stderr. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
