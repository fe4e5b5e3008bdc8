package io.edgetally.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a command is called: its synopsis, what it does, its options, and how many plain words it takes. The one
 * argument parser ({@link Args}) reads a command line against it, {@code --help} prints it, and a mistake names the
 * option and prints it too.
 *
 * @param synopsis      what follows the command's words, e.g. {@code "--config FILE [--actuate]"}
 * @param summary       one line: what the command does
 * @param options       every option the command takes
 * @param positional    what the plain words are, for the usage (e.g. {@code "[coap://HOST[:PORT]]"}); empty: none
 * @param maxPositional how many plain words the command takes at most
 */
public record Usage(String synopsis, String summary, List<Option> options, String positional, int maxPositional) {

    public Usage {
        options = List.copyOf(options);
    }

    /** A command that takes options only. */
    public static Usage of(String synopsis, String summary, Option... options) {
        return new Usage(synopsis, summary, List.of(options), "", 0);
    }

    /**
     * One option.
     *
     * @param value the value's name in the usage ({@code FILE}); empty: a flag that stands alone
     */
    public record Option(String name, Optional<String> value, String help) {

        public static Option flag(String name, String help) {
            return new Option(name, Optional.empty(), help);
        }

        public static Option value(String name, String value, String help) {
            return new Option(name, Optional.of(value), help);
        }

        /** {@code --config FILE} or {@code --actuate}. */
        public String spelled() {
            return "--" + name + value.map(v -> " " + v).orElse("");
        }
    }

    public Optional<Option> option(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** The options as a list for an error message, e.g. {@code [--actuate, --config FILE]}. */
    public String optionList() {
        List<String> all = new ArrayList<>(options.stream().map(Option::spelled).toList());
        all.add("--help");
        all.sort(null);
        return all.toString();
    }

    /** The usage text for {@code edgetally WORDS}. */
    public String render(String words) {
        StringBuilder s = new StringBuilder("usage: edgetally ").append(words);
        if (!synopsis.isEmpty()) {
            s.append(' ').append(synopsis);
        }
        s.append("\n  ").append(summary).append('\n');
        int width = options.stream().mapToInt(o -> o.spelled().length()).max().orElse(0);
        width = Math.max(width, "--help".length());
        for (Option o : options) {
            s.append(String.format("  %-" + width + "s  %s%n", o.spelled(), o.help()));
        }
        s.append(String.format("  %-" + width + "s  %s%n", "--help", "this text"));
        return s.toString();
    }
}
