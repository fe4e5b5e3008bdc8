package io.edgetally.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command line read against a command's {@link Usage}: {@code --name value}, {@code --name=value} and
 * {@code --flag} options plus plain words. The one parser of every command: {@code --help} (or {@code -h})
 * anywhere asks for the usage, and a mistake names the option and what is expected.
 */
public final class Args {

    private final Map<String, List<String>> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * @throws Cli.HelpRequested when the line asks for the usage
     * @throws Cli.UsageException naming the option or word that does not fit the usage
     */
    public static Args parse(List<String> args, Usage usage) {
        if (args.contains("--help") || args.contains("-h")) {
            throw new Cli.HelpRequested();
        }
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
                Usage.Option option = usage.option(name).orElseThrow(() -> new Cli.UsageException("unknown option "
                        + s.split("=", 2)[0] + "; expected one of " + usage.optionList()));
                if (option.value().isPresent()) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new Cli.UsageException(option.spelled() + ": the " + option.value().get()
                                    + " is missing");
                        }
                        value = args.get(++i);
                    }
                } else if (value != null) {
                    throw new Cli.UsageException("--" + name + " takes no value, was given '" + value + "'");
                } else {
                    value = "true";
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (s.startsWith("-") && s.length() > 1) {
                throw new Cli.UsageException("unknown option " + s + "; expected one of " + usage.optionList());
            } else {
                if (a.positional.size() >= usage.maxPositional()) {
                    throw new Cli.UsageException("unexpected argument '" + s + "'"
                            + (usage.maxPositional() == 0 ? ": this command takes options only" : ""));
                }
                a.positional.add(s);
            }
        }
        return a;
    }

    /** The option's value (the last, when it was given more than once). */
    public Optional<String> option(String name) {
        List<String> v = options.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getLast());
    }

    public String option(String name, String fallback) {
        return option(name).orElse(fallback);
    }

    /** Every value given to a repeatable option, in order. */
    public List<String> options(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    /** The option's value, or a usage error naming it. */
    public String required(String name, String what) {
        return option(name).orElseThrow(() -> new Cli.UsageException("--" + name + " " + what + " is needed"));
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public int intOption(String name, int fallback, int min, int max) {
        Optional<String> v = option(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new Cli.UsageException("--" + name + " must be from " + min + " to " + max + ", was " + v.get());
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Cli.UsageException("--" + name + " must be a whole number, was '" + v.get() + "'");
        }
    }

    /** A number option, within {@code min..max}. */
    public double numberOption(String name, double fallback, double min, double max, String what) {
        Optional<String> v = option(name);
        if (v.isEmpty()) {
            return fallback;
        }
        double n;
        try {
            n = Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw new Cli.UsageException("--" + name + " must be a number (" + what + "), was '" + v.get() + "'");
        }
        if (!(n >= min && n <= max)) {
            throw new Cli.UsageException("--" + name + " must be from " + fmt(min) + " to " + fmt(max) + " (" + what
                    + "), was " + v.get());
        }
        return n;
    }

    /** One of {@code choices}. */
    public String choice(String name, String fallback, List<String> choices) {
        String v = option(name, fallback);
        if (!choices.contains(v)) {
            throw new Cli.UsageException("--" + name + " must be one of " + choices + ", was '" + v + "'");
        }
        return v;
    }

    public List<String> positional() {
        return positional;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
