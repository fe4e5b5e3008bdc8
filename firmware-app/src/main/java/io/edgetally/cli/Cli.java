package io.edgetally.cli;

import io.edgetally.config.ConfigException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches {@code edgetally <command> ...}. The shipped firmware and the developer launcher (which adds the
 * simulator's commands) share it, so both print the same usage and the same kind of errors.
 */
public final class Cli {

    /** Exit codes: 0 done, 1 the job failed (e.g. verification found problems), 2 bad usage or config. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Cli register(String name, Command command) {
        commands.put(name, command);
        return this;
    }

    public int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help") || argv[0].equals("-h")) {
            usage(argv.length == 0 ? err : out);
            return argv.length == 0 ? USAGE : OK;
        }
        Command command = commands.get(argv[0]);
        if (command == null) {
            err.println("edgetally: unknown command '" + argv[0] + "'");
            usage(err);
            return USAGE;
        }
        List<String> args = Arrays.asList(argv).subList(1, argv.length);
        try {
            return command.run(args, out, err);
        } catch (ConfigException | UsageException e) {
            err.println("edgetally " + argv[0] + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("edgetally " + argv[0] + ": " + e.getMessage());
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private void usage(PrintStream s) {
        s.println("usage: edgetally <command> [options]");
        s.println();
        commands.forEach((name, c) -> s.printf("  %-8s %s%n", name, c.summary()));
    }

    /** The command's arguments were wrong; the message says which and what is expected. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
