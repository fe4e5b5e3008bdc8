package io.edgetally.cli;

import io.edgetally.config.ConfigException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches {@code edgetally <command> ...} to the command registered under the first words ({@code run},
 * {@code keys init}, {@code demo barn}); reads the rest against the command's {@link Usage} with the one parser
 * ({@link Args}). Every command and every group of sub-commands answers {@code --help} with its usage (exit 0); a
 * wrong option or word is named, with the usage (exit 2). The shipped firmware and the developer launcher (which
 * adds the simulator's commands) share it, so both print the same usage and the same kind of errors.
 */
public final class Cli {

    /** Exit codes: 0 done, 1 the job failed (e.g. verification found problems), 2 bad usage or config. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** @param words the command's words, e.g. {@code "keys init"} */
    public Cli register(String words, Command command) {
        commands.put(words, command);
        return this;
    }

    public int run(String[] argv, PrintStream out, PrintStream err) {
        List<String> words = Arrays.asList(argv);
        if (words.isEmpty() || isHelp(words.get(0)) || words.get(0).equals("help")) {
            usage(words.isEmpty() ? err : out);
            return words.isEmpty() ? USAGE : OK;
        }
        String name = null;
        for (String key : commands.keySet()) {
            int n = key.split(" ").length;
            if (words.size() >= n && String.join(" ", words.subList(0, n)).equals(key)
                    && (name == null || n > name.split(" ").length)) {
                name = key;
            }
        }
        if (name == null) {
            return group(words, out, err);
        }
        Command command = commands.get(name);
        List<String> rest = words.subList(name.split(" ").length, words.size());
        try {
            return command.run(Args.parse(rest, command.usage()), out, err);
        } catch (HelpRequested e) {
            out.print(command.usage().render(name));
            return OK;
        } catch (UsageException e) {
            err.println("edgetally " + name + ": " + e.getMessage());
            err.print(command.usage().render(name));
            return USAGE;
        } catch (ConfigException e) {
            err.println("edgetally " + name + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("edgetally " + name + ": " + e.getMessage());
            e.printStackTrace(err);
            return FAILED;
        }
    }

    /** {@code edgetally keys ...} where {@code keys} is a group: its sub-commands, or an unknown command. */
    private int group(List<String> words, PrintStream out, PrintStream err) {
        String prefix = words.get(0);
        Map<String, Command> members = new LinkedHashMap<>();
        commands.forEach((key, c) -> {
            if (key.startsWith(prefix + " ")) {
                members.put(key, c);
            }
        });
        if (members.isEmpty()) {
            err.println("edgetally: unknown command '" + prefix + "'");
            usage(err);
            return USAGE;
        }
        List<String> subs = members.keySet().stream().map(k -> k.substring(prefix.length() + 1)).toList();
        boolean help = words.size() > 1 && isHelp(words.get(1));
        PrintStream to = help ? out : err;
        if (!help) {
            err.println("edgetally " + prefix + ": " + (words.size() == 1 ? "which one? one of " + subs
                    : "unknown '" + words.get(1) + "'; expected one of " + subs));
        }
        to.println("usage: edgetally " + prefix + " " + String.join("|", subs) + " [options]");
        members.forEach((key, c) -> to.printf("  %-16s %s%n", key, c.usage().summary()));
        to.println("  (edgetally " + prefix + " " + subs.get(0) + " --help for its options)");
        return help ? OK : USAGE;
    }

    private static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }

    private void usage(PrintStream s) {
        s.println("usage: edgetally <command> [options]   (edgetally <command> --help for its options)");
        s.println();
        commands.forEach((name, c) -> s.printf("  %-14s %s%n", name, c.usage().summary()));
    }

    /** The command's arguments were wrong; the message says which and what is expected. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** {@code --help} was asked for: the dispatcher prints the command's usage. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("--help", null, false, false);
        }
    }
}
