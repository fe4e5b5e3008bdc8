package io.edgetally.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML mapping read from a file, with typed getters whose errors name the file, the line and the key path.
 * Unknown keys are errors too ({@link #allowOnly}), because a misspelt key silently ignored is how a barn ends up
 * running with a default nobody chose.
 */
public final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|m|h|d)");

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, Node> members;

    private ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.members = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw problem(t.getKeyNode(), "keys must be plain words");
                }
                if (members.put(k.getValue(), t.getValueNode()) != null) {
                    throw problem(k, "key '" + qualified(k.getValue()) + "' appears twice");
                }
            }
        } else {
            throw problem(node, "'" + (path.isEmpty() ? "the document" : path)
                    + "' must be a mapping of key: value lines");
        }
    }

    /** Reads a YAML file whose top level is a mapping. */
    public static ConfigNode load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    public static ConfigNode parse(String fileName, String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).setAllowDuplicateKeys(true).build();
        try (Reader reader = new StringReader(yaml)) {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                throw new ConfigException(fileName + ": the file is empty");
            }
            return new ConfigNode(fileName, "", root.get());
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(fileName + (line > 0 ? " line " + line : "") + ": not valid YAML: "
                    + e.getProblem(), line, e);
        } catch (YamlEngineException | IOException e) {
            throw new ConfigException(fileName + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    public String file() {
        return file;
    }

    /** The dotted key path of this mapping, empty at the top. */
    public String path() {
        return path;
    }

    public boolean has(String key) {
        return members.containsKey(key);
    }

    /** The 1-based line where this mapping starts (0 when the parser gave none). */
    public int line() {
        return lineOf(node);
    }

    /** The 1-based line of {@code key}'s name, for a message about the key itself. */
    public int keyLine(String key) {
        require(key);
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return lineOf(k);
            }
        }
        return line();
    }

    /** {@code key}'s value as written, when it is a single value; empty for a mapping, a list or no such key. */
    public Optional<String> text(String key) {
        return members.get(key) instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
    }

    public boolean isList(String key) {
        return members.get(key) instanceof SequenceNode;
    }

    /** One item of a list: where it starts, and the item as a node when it is a mapping. */
    public record Item(int line, Optional<ConfigNode> mapping) {}

    /** The items of the list under {@code key}, in order, whatever each is (the caller says what it expected). */
    public List<Item> items(String key) {
        Node n = require(key);
        if (!(n instanceof SequenceNode seq)) {
            throw problem(n, "'" + qualified(key) + "' must be a list ('- ' items)");
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            out.add(new Item(lineOf(item), item instanceof MappingNode
                    ? Optional.of(new ConfigNode(file, qualified(key) + "[" + i + "]", item)) : Optional.empty()));
        }
        return out;
    }

    public Collection<String> keys() {
        return members.keySet();
    }

    /** Fails on any key not in {@code allowed}, naming it and listing what is allowed. */
    public ConfigNode allowOnly(String... allowed) {
        List<String> ok = List.of(allowed);
        for (Map.Entry<String, Node> e : members.entrySet()) {
            if (!ok.contains(e.getKey())) {
                throw problem(e.getValue(), "unknown key '" + qualified(e.getKey()) + "'; expected one of "
                        + new TreeSet<>(ok));
            }
        }
        return this;
    }

    public ConfigNode section(String key) {
        return new ConfigNode(file, qualified(key), require(key));
    }

    public Optional<ConfigNode> optionalSection(String key) {
        return has(key) ? Optional.of(section(key)) : Optional.empty();
    }

    /** A list of mappings, e.g. the steps of a schedule. */
    public List<ConfigNode> sections(String key) {
        Node n = require(key);
        if (!(n instanceof SequenceNode seq)) {
            throw problem(n, "'" + qualified(key) + "' must be a list ('- ' items)");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new ConfigNode(file, qualified(key) + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    public List<String> strings(String key) {
        Node n = require(key);
        if (!(n instanceof SequenceNode seq)) {
            throw problem(n, "'" + qualified(key) + "' must be a list ('- ' items)");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            out.add(scalar(key, item));
        }
        return out;
    }

    public String string(String key) {
        String s = scalar(key, require(key));
        if (s.isBlank()) {
            throw error(key, "a non-empty value", "nothing");
        }
        return s;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    public int integer(String key, int min, int max) {
        String s = scalar(key, require(key));
        try {
            int v = Integer.parseInt(s.strip());
            if (v < min || v > max) {
                throw error(key, "a whole number from " + min + " to " + max, s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(key, "a whole number from " + min + " to " + max, s);
        }
    }

    public int integer(String key, int min, int max, int fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    public double number(String key, double min, double max) {
        String s = scalar(key, require(key));
        try {
            double v = Double.parseDouble(s.strip());
            if (!(v >= min && v <= max)) {
                throw error(key, "a number from " + fmt(min) + " to " + fmt(max), s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(key, "a number from " + fmt(min) + " to " + fmt(max), s);
        }
    }

    public double number(String key, double min, double max, double fallback) {
        return has(key) ? number(key, min, max) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        String s = scalar(key, require(key)).strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, "true or false", s);
        };
    }

    /** A duration written as {@code 90s}, {@code 15m}/{@code 15min}, {@code 2h}, {@code 1.5h}, {@code 250ms}, {@code 7d}. */
    public Duration duration(String key) {
        String s = scalar(key, require(key)).strip();
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw error(key, "a duration such as 30s, 15m, 2h or 7d", s);
        }
        double amount = Double.parseDouble(m.group(1));
        long millis = switch (m.group(2)) {
            case "ms" -> Math.round(amount);
            case "s" -> Math.round(amount * 1_000);
            case "m", "min" -> Math.round(amount * 60_000);
            case "h" -> Math.round(amount * 3_600_000);
            default -> Math.round(amount * 86_400_000);
        };
        return Duration.ofMillis(millis);
    }

    public Duration duration(String key, Duration fallback) {
        return has(key) ? duration(key) : fallback;
    }

    public Duration duration(String key, Duration min, Duration max, Duration fallback) {
        Duration d = duration(key, fallback);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(key, "a duration from " + human(min) + " to " + human(max), human(d));
        }
        return d;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        if (!has(key)) {
            return fallback;
        }
        return enumValue(key, type);
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String s = scalar(key, require(key)).strip();
        String normal = s.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normal)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw error(key, "one of " + names, s);
    }

    /** The 1-based line of {@code key}'s value, for messages raised later by the caller. */
    public int line(String key) {
        return require(key).getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** An error about {@code key} in this mapping, with file, line and key path. */
    public ConfigException error(String key, String expected, String found) {
        Node n = members.getOrDefault(key, node);
        return problem(n, "'" + qualified(key) + "' must be " + expected + ", found '"
                + found + "'");
    }

    /** An error about this whole mapping. */
    public ConfigException error(String message) {
        return problem(node, "'" + (path.isEmpty() ? "the document" : path) + "': " + message);
    }

    private Node require(String key) {
        Node n = members.get(key);
        if (n == null) {
            throw problem(node, "missing key '" + qualified(key) + "'");
        }
        return n;
    }

    private String scalar(String key, Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw problem(n, "'" + qualified(key) + "' must be a single value, not a "
                + (n instanceof MappingNode ? "mapping" : "list"));
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String where(Node n) {
        return file + (lineOf(n) > 0 ? " line " + lineOf(n) : "");
    }

    private static int lineOf(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** An error about {@code n}: file and line first, then {@code detail}; the exception knows the line too. */
    private ConfigException problem(Node n, String detail) {
        return new ConfigException(where(n) + ": " + detail, lineOf(n));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
