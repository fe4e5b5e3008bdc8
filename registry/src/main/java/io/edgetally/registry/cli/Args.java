package io.edgetally.registry.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code --name value} options of one command, checked against what the command takes. */
final class Args {

    /** A command line that does not fit the command: the message names the option; exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final boolean help;

    private Args(Map<String, String> values, boolean help) {
        this.values.putAll(values);
        this.help = help;
    }

    /**
     * @param valued the options that take a value, e.g. {@code --config}
     * @param flags  the options that take none
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                if (values.put(a, args.get(++i)) != null) {
                    throw new UsageException(a + " is given twice");
                }
            } else if (flags.contains(a)) {
                values.put(a, "true");
            } else {
                throw new UsageException("unknown option '" + a + "'");
            }
        }
        return new Args(values, help);
    }

    boolean help() {
        return help;
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing " + name);
        }
        return v;
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int integer(String name) {
        String v = require(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was '" + v + "'");
        }
    }
}
