package io.edgetally.barn.curing.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates a schedule file a technician edits. The YAML node tree (not a plain map) is walked so every
 * error names the line. See {@code schedules/middle-leaf.yaml} for the format.
 */
public final class ScheduleLoader {

    /** The usual stem-drying maximum (curing.md). */
    public static final double USUAL_MAX_DRY_BULB_CELSIUS = 68.0;
    /** The most a site may configure. */
    public static final double ALLOWED_MAX_DRY_BULB_CELSIUS = 75.0;
    /** The wet bulb is never held above this (curing.md). */
    public static final double MAX_WET_BULB_CELSIUS = 43.0;

    private static final Set<String> TOP_KEYS = Set.of("id", "name", "max-lag-h", "steps");
    private static final Set<String> STEP_KEYS = Set.of("step", "stage", "dry-bulb-c", "wet-bulb-c",
            "ramp-c-per-h", "hold-h", "exit", "prompt", "fan", "max-lag-h");
    private static final List<String> BUILT_IN = List.of("lower-leaf", "middle-leaf", "upper-leaf");

    private final double maxDryBulbCelsius;

    /** A loader with the usual 68 °C dry-bulb maximum. */
    public ScheduleLoader() {
        this(USUAL_MAX_DRY_BULB_CELSIUS);
    }

    /** @param maxDryBulbCelsius the site's dry-bulb maximum, at most 75 °C */
    public ScheduleLoader(double maxDryBulbCelsius) {
        if (!(maxDryBulbCelsius > CuringSchedule.VEINS_GREEN_LIMIT_CELSIUS
                && maxDryBulbCelsius <= ALLOWED_MAX_DRY_BULB_CELSIUS)) {
            throw new IllegalArgumentException("maximum dry bulb must be above 50 and at most "
                    + ALLOWED_MAX_DRY_BULB_CELSIUS + " °C, was " + maxDryBulbCelsius);
        }
        this.maxDryBulbCelsius = maxDryBulbCelsius;
    }

    /** The ids of the schedules shipped in the jar. */
    public static List<String> builtInIds() {
        return BUILT_IN;
    }

    public CuringSchedule load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScheduleException(file.toString(), "cannot read schedule file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** A schedule shipped in the jar: {@code lower-leaf}, {@code middle-leaf} or {@code upper-leaf}. */
    public CuringSchedule builtIn(String id) {
        String resource = "/schedules/" + id + ".yaml";
        try (InputStream in = ScheduleLoader.class.getResourceAsStream(resource)) {
            if (in == null || !BUILT_IN.contains(id)) {
                throw new ScheduleException(resource, 0, "no built-in schedule '" + id + "'; expected one of "
                        + BUILT_IN);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource);
        } catch (IOException e) {
            throw new ScheduleException(resource, "cannot read built-in schedule: " + e.getMessage(), e);
        }
    }

    /** Parses {@code yaml}; {@code label} names the file in messages. */
    public CuringSchedule parse(String yaml, String label) {
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(true).build();
            root = new Compose(settings).composeString(yaml)
                    .orElseThrow(() -> new ScheduleException(label, 0, "the file is empty; expected a mapping with "
                            + "id, name, max-lag-h and steps"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ScheduleException(label, line, "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ScheduleException(label, "not valid YAML: " + e.getMessage(), e);
        }
        return new Reader(label).schedule(root);
    }

    /** Walks one file's node tree; carries the label for messages. */
    private final class Reader {
        private final String file;

        Reader(String file) {
            this.file = file;
        }

        CuringSchedule schedule(Node root) {
            Map<String, NodeTuple> top = mapping(root, "the file", TOP_KEYS, "");
            String id = text(require(top, "id", root, ""), "id", "");
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                throw error(top.get("id").getValueNode(), "key 'id': expected lower-case letters, digits and "
                        + "'-' (e.g. middle-leaf), was '" + id + "'");
            }
            String name = text(require(top, "name", root, ""), "name", "");
            Duration defaultLag = hours(require(top, "max-lag-h", root, ""), "max-lag-h", "", false);
            Node stepsNode = require(top, "steps", root, "");
            if (!(stepsNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                throw error(stepsNode, "key 'steps': expected a non-empty list of steps");
            }
            List<CuringStep> steps = new ArrayList<>();
            for (Node n : seq.getValue()) {
                steps.add(step(n, steps.size(), defaultLag));
            }
            checkSequence(steps, seq.getValue());
            return new CuringSchedule(id, name, file, steps);
        }

        private CuringStep step(Node node, int index, Duration defaultLag) {
            String where = "step " + index + peekName(node).map(n -> " '" + n + "'").orElse("");
            Map<String, NodeTuple> m = mapping(node, where, STEP_KEYS, where + ", ");
            String name = text(require(m, "step", node, where + ", "), "step", where + ", ");
            String ctx = "step " + index + " '" + name + "', ";
            Stage stage = choice(require(m, "stage", node, ctx), "stage", ctx, Stage.class);
            ExitRule exit = choice(require(m, "exit", node, ctx), "exit", ctx, ExitRule.class);
            FanSpeed fan = choice(require(m, "fan", node, ctx), "fan", ctx, FanSpeed.class);
            Duration hold = hours(require(m, "hold-h", node, ctx), "hold-h", ctx, true);
            Duration lag = m.containsKey("max-lag-h")
                    ? hours(m.get("max-lag-h").getValueNode(), "max-lag-h", ctx, false) : defaultLag;
            String prompt = m.containsKey("prompt") ? text(m.get("prompt").getValueNode(), "prompt", ctx) : "";
            boolean hasDry = m.containsKey("dry-bulb-c");
            if (!hasDry) {
                for (String k : List.of("wet-bulb-c", "ramp-c-per-h")) {
                    if (m.containsKey(k)) {
                        throw error(m.get(k).getKeyNode(), ctx + "key '" + k + "': only allowed together with "
                                + "dry-bulb-c; a step without a dry-bulb target has no heat");
                    }
                }
                if (exit != ExitRule.TIME) {
                    throw error(m.get("exit").getValueNode(), ctx + "key 'exit': a step without a dry-bulb target "
                            + "is purely time-based; expected 'time'");
                }
                return new CuringStep(index, name, stage, Optional.empty(), 0.0, hold, exit, prompt, fan, lag);
            }
            Node dryNode = m.get("dry-bulb-c").getValueNode();
            Node wetNode = require(m, "wet-bulb-c", node, ctx);
            double dry = number(dryNode, "dry-bulb-c", ctx, "°C");
            double wet = number(wetNode, "wet-bulb-c", ctx, "°C");
            Node rampNode = require(m, "ramp-c-per-h", node, ctx);
            double ramp = number(rampNode, "ramp-c-per-h", ctx, "°C per hour");
            if (dry > maxDryBulbCelsius) {
                throw error(dryNode, ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C is above the configured maximum "
                        + fmt(maxDryBulbCelsius) + " °C; expected at most " + fmt(maxDryBulbCelsius)
                        + " (68 usual, up to 75 if the site configures it)");
            }
            if (dry < 20.0) {
                throw error(dryNode, ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C is below any curing "
                        + "temperature; expected 20 to " + fmt(maxDryBulbCelsius));
            }
            if (wet >= dry) {
                throw error(wetNode, ctx + "key 'wet-bulb-c': wet bulb " + fmt(wet) + " °C is not below dry bulb "
                        + fmt(dry) + " °C; expected a wet bulb below the dry bulb");
            }
            if (wet > MAX_WET_BULB_CELSIUS) {
                throw error(wetNode, ctx + "key 'wet-bulb-c': wet bulb " + fmt(wet) + " °C is above "
                        + fmt(MAX_WET_BULB_CELSIUS) + " °C; expected at most " + fmt(MAX_WET_BULB_CELSIUS));
            }
            if (!(ramp > 0.0) || ramp > 5.0) {
                throw error(rampNode, ctx + "key 'ramp-c-per-h': " + fmt(ramp) + " °C/h; expected a ramp rate "
                        + "above 0 and at most 5 °C per hour");
            }
            return new CuringStep(index, name, stage, Optional.of(new BulbTargets(dry, wet)), ramp, hold, exit,
                    prompt, fan, lag);
        }

        /** Rules that span steps: stage order and the 50 °C rule before the veins have yellowed. */
        private void checkSequence(List<CuringStep> steps, List<Node> nodes) {
            boolean veinsConfirmed = false;
            for (CuringStep s : steps) {
                Node node = nodes.get(s.index());
                String ctx = s.label() + ", ";
                if (s.index() > 0 && s.stage().ordinal() < steps.get(s.index() - 1).stage().ordinal()) {
                    throw error(node, ctx + "key 'stage': " + s.stage().fileName() + " after "
                            + steps.get(s.index() - 1).stage().fileName()
                            + "; expected stages in order yellowing, colour-fixing, stem-drying");
                }
                double dry = s.targets().map(BulbTargets::dryBulbCelsius).orElse(0.0);
                if (dry > CuringSchedule.VEINS_GREEN_LIMIT_CELSIUS && s.stage() == Stage.YELLOWING) {
                    throw error(node, ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C in the yellowing stage; "
                            + "expected at most 50 °C before the colour-fixing stage");
                }
                if (dry > CuringSchedule.VEINS_GREEN_LIMIT_CELSIUS && !veinsConfirmed) {
                    throw error(node, ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C before the veins are confirmed "
                            + "yellow; expected an earlier colour-fixing step with 'exit: operator' (or at most "
                            + "50 °C)");
                }
                if (s.stage() == Stage.COLOUR_FIXING && s.exit() == ExitRule.OPERATOR) {
                    veinsConfirmed = true;
                }
            }
        }

        /** The step's name before the step is validated, so even its first error can name it. */
        private Optional<String> peekName(Node node) {
            if (node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("step")
                            && t.getValueNode() instanceof ScalarNode v && !v.getValue().isBlank()) {
                        return Optional.of(v.getValue().strip());
                    }
                }
            }
            return Optional.empty();
        }

        private Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed, String ctx) {
            if (!(node instanceof MappingNode map)) {
                throw error(node, ctx + what + ": expected a mapping of keys " + sorted(allowed));
            }
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw error(t.getKeyNode(), ctx + "expected a plain key");
                }
                String key = k.getValue();
                if (!allowed.contains(key)) {
                    throw error(k, ctx + "unknown key '" + key + "'; expected one of " + sorted(allowed));
                }
                if (out.put(key, t) != null) {
                    throw error(k, ctx + "key '" + key + "' appears twice; expected it once");
                }
            }
            return out;
        }

        private Node require(Map<String, NodeTuple> m, String key, Node owner, String ctx) {
            NodeTuple t = m.get(key);
            if (t == null) {
                throw error(owner, ctx + "missing key '" + key + "'");
            }
            return t.getValueNode();
        }

        private String text(Node node, String key, String ctx) {
            if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
                throw error(node, ctx + "key '" + key + "': expected a non-empty text");
            }
            return s.getValue().strip();
        }

        private double number(Node node, String key, String ctx, String unit) {
            String raw = node instanceof ScalarNode s ? s.getValue().strip() : "";
            try {
                double v = Double.parseDouble(raw);
                if (Double.isFinite(v) && !raw.isEmpty()) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the line
            }
            throw error(node, ctx + "key '" + key + "': '" + raw + "' is not a number; expected a number in " + unit);
        }

        private Duration hours(Node node, String key, String ctx, boolean zeroAllowed) {
            double h = number(node, key, ctx, "hours");
            if (h < 0 || (!zeroAllowed && h == 0) || h > 24 * 14) {
                throw error(node, ctx + "key '" + key + "': " + fmt(h) + " h; expected "
                        + (zeroAllowed ? "0 or more" : "more than 0") + " hours (at most two weeks)");
            }
            return Duration.ofMillis(Math.round(h * 3_600_000));
        }

        private <E extends Enum<E>> E choice(Node node, String key, String ctx, Class<E> type) {
            String raw = text(node, key, ctx);
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                String spelled = e instanceof Stage st ? st.fileName() : e.name().toLowerCase(Locale.ROOT);
                names.add(spelled);
                if (spelled.equals(raw.toLowerCase(Locale.ROOT))) {
                    return e;
                }
            }
            throw error(node, ctx + "key '" + key + "': '" + raw + "'; expected one of " + names);
        }

        private ScheduleException error(Node node, String detail) {
            int line = node.getStartMark().map(mk -> mk.getLine() + 1).orElse(0);
            return new ScheduleException(file, line, detail);
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
