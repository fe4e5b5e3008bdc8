package io.edgetally.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} and {@code --flag} options plus positional words, with errors that say what is wrong. */
public final class Args {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * @param valued the options that take a value (without dashes)
     * @param flags  the options that stand alone
     */
    public static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Args a = new Args();
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.startsWith("--")) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new Cli.UsageException("--" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    a.options.put(name, value);
                } else if (flags.contains(name) && value == null) {
                    a.options.put(name, "true");
                } else {
                    throw new Cli.UsageException("unknown option --" + name + "; expected one of "
                            + describe(valued, flags));
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    private static String describe(Set<String> valued, Set<String> flags) {
        List<String> all = new ArrayList<>();
        valued.forEach(v -> all.add("--" + v + " VALUE"));
        flags.forEach(f -> all.add("--" + f));
        all.sort(null);
        return all.toString();
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public int intOption(String name, int fallback, int min, int max) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new Cli.UsageException("--" + name + " must be from " + min + " to " + max + ", was " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Cli.UsageException("--" + name + " must be a whole number, was '" + v + "'");
        }
    }

    public List<String> positional() {
        return positional;
    }
}
