package io.edgetally.registry.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML mapping with typed getters whose errors name the file, the line and the key path. Unknown keys are
 * errors ({@link #allowOnly}): a misspelt key silently ignored is a registry running with a default nobody chose.
 */
final class ConfigNode {

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, Node> members = new LinkedHashMap<>();

    private ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (!(node instanceof MappingNode m)) {
            throw new ConfigException(where(node) + ": '" + (path.isEmpty() ? "the document" : path)
                    + "' must be a mapping of key: value lines");
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigException(where(t.getKeyNode()) + ": keys must be plain words");
            }
            if (members.put(k.getValue(), t.getValueNode()) != null) {
                throw new ConfigException(where(k) + ": key '" + qualified(k.getValue()) + "' appears twice");
            }
        }
    }

    static ConfigNode load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    static ConfigNode parse(String fileName, String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).setAllowDuplicateKeys(true).build();
        try (Reader reader = new StringReader(yaml)) {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                throw new ConfigException(fileName + ": the file is empty");
            }
            return new ConfigNode(fileName, "", root.get());
        } catch (MarkedYamlEngineException e) {
            String line = e.getProblemMark().map(m -> " line " + (m.getLine() + 1)).orElse("");
            throw new ConfigException(fileName + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YamlEngineException | IOException e) {
            throw new ConfigException(fileName + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    String file() {
        return file;
    }

    boolean has(String key) {
        return members.containsKey(key);
    }

    ConfigNode allowOnly(String... allowed) {
        List<String> ok = List.of(allowed);
        for (Map.Entry<String, Node> e : members.entrySet()) {
            if (!ok.contains(e.getKey())) {
                throw new ConfigException(where(e.getValue()) + ": unknown key '" + qualified(e.getKey())
                        + "'; expected one of " + new TreeSet<>(ok));
            }
        }
        return this;
    }

    ConfigNode section(String key) {
        return new ConfigNode(file, qualified(key), require(key));
    }

    Optional<ConfigNode> optionalSection(String key) {
        return has(key) ? Optional.of(section(key)) : Optional.empty();
    }

    String string(String key) {
        String s = scalar(key, require(key));
        if (s.isBlank()) {
            throw error(key, "a non-empty value", "nothing");
        }
        return s;
    }

    String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    int integer(String key, int min, int max, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        String s = scalar(key, require(key));
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw error(key, "a whole number from " + min + " to " + max, s);
    }

    ConfigException error(String key, String expected, String found) {
        Node at = members.getOrDefault(key, node);
        return new ConfigException(where(at) + ": '" + qualified(key) + "' must be " + expected + ", found '"
                + found + "'");
    }

    private Node require(String key) {
        Node n = members.get(key);
        if (n == null) {
            throw new ConfigException(where(node) + ": missing key '" + qualified(key) + "'");
        }
        return n;
    }

    private String scalar(String key, Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new ConfigException(where(n) + ": '" + qualified(key) + "' must be a single value");
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String where(Node n) {
        return file + n.getStartMark().map(m -> " line " + (m.getLine() + 1)).orElse("");
    }
}
