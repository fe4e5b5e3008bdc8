package io.edgetally.barn.curing.schedule;

import io.edgetally.config.ConfigException;
import io.edgetally.config.ConfigNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a schedule file a technician edits. The YAML is walked through {@link ConfigNode}, the one
 * walker of the config too, so every error names the file and the line. See {@code schedules/middle-leaf.yaml} for
 * the format.
 */
public final class ScheduleLoader {

    /** The usual stem-drying maximum (docs/curing.md). */
    public static final double USUAL_MAX_DRY_BULB_CELSIUS = 68.0;
    /** The most a site may configure. */
    public static final double ALLOWED_MAX_DRY_BULB_CELSIUS = 75.0;
    /** The wet bulb is never held above this (docs/curing.md). */
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
        try {
            return new Reader(label).schedule(ConfigNode.parse(label, yaml));
        } catch (ScheduleException e) {
            throw e;
        } catch (ConfigException e) {
            // what the YAML walker itself refuses (not YAML, empty, not a mapping, a key twice), with its line
            throw new ScheduleException(label, e);
        }
    }

    /** Walks one file's mappings (through {@link ConfigNode}, so every error names the line); knows the file. */
    private final class Reader {
        private final String file;

        Reader(String file) {
            this.file = file;
        }

        CuringSchedule schedule(ConfigNode top) {
            allowOnly(top, TOP_KEYS, "");
            String id = text(top, "id", "");
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                throw error(top.line("id"), "key 'id': expected lower-case letters, digits and '-' (e.g. "
                        + "middle-leaf), was '" + id + "'");
            }
            String name = text(top, "name", "");
            Duration defaultLag = hours(top, "max-lag-h", "", false);
            require(top, "steps", "");
            if (!top.isList("steps") || top.items("steps").isEmpty()) {
                throw error(top.line("steps"), "key 'steps': expected a non-empty list of steps");
            }
            List<CuringStep> steps = new ArrayList<>();
            List<ConfigNode> nodes = new ArrayList<>();
            for (ConfigNode.Item item : top.items("steps")) {
                int index = steps.size();
                ConfigNode node = item.mapping().orElseThrow(() -> error(item.line(), "step " + index
                        + ": expected a mapping of keys " + sorted(STEP_KEYS)));
                nodes.add(node);
                steps.add(step(node, index, defaultLag));
            }
            checkSequence(steps, nodes);
            return new CuringSchedule(id, name, file, steps);
        }

        private CuringStep step(ConfigNode m, int index, Duration defaultLag) {
            String where = "step " + index + peekName(m).map(n -> " '" + n + "'").orElse("");
            allowOnly(m, STEP_KEYS, where + ", ");
            String name = text(m, "step", where + ", ");
            String ctx = "step " + index + " '" + name + "', ";
            Stage stage = choice(m, "stage", ctx, Stage.class);
            ExitRule exit = choice(m, "exit", ctx, ExitRule.class);
            FanSpeed fan = choice(m, "fan", ctx, FanSpeed.class);
            Duration hold = hours(m, "hold-h", ctx, true);
            Duration lag = m.has("max-lag-h") ? hours(m, "max-lag-h", ctx, false) : defaultLag;
            String prompt = m.has("prompt") ? text(m, "prompt", ctx) : "";
            if (!m.has("dry-bulb-c")) {
                for (String k : List.of("wet-bulb-c", "ramp-c-per-h")) {
                    if (m.has(k)) {
                        throw error(m.keyLine(k), ctx + "key '" + k + "': only allowed together with "
                                + "dry-bulb-c; a step without a dry-bulb target has no heat");
                    }
                }
                if (exit != ExitRule.TIME) {
                    throw error(m.line("exit"), ctx + "key 'exit': a step without a dry-bulb target "
                            + "is purely time-based; expected 'time'");
                }
                return new CuringStep(index, name, stage, Optional.empty(), 0.0, hold, exit, prompt, fan, lag);
            }
            require(m, "wet-bulb-c", ctx);
            double dry = number(m, "dry-bulb-c", ctx, "°C");
            double wet = number(m, "wet-bulb-c", ctx, "°C");
            require(m, "ramp-c-per-h", ctx);
            double ramp = number(m, "ramp-c-per-h", ctx, "°C per hour");
            if (dry > maxDryBulbCelsius) {
                throw error(m.line("dry-bulb-c"), ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C is above the "
                        + "configured maximum " + fmt(maxDryBulbCelsius) + " °C; expected at most "
                        + fmt(maxDryBulbCelsius) + " (68 usual, up to 75 if the site configures it)");
            }
            if (dry < 20.0) {
                throw error(m.line("dry-bulb-c"), ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C is below any "
                        + "curing temperature; expected 20 to " + fmt(maxDryBulbCelsius));
            }
            if (wet >= dry) {
                throw error(m.line("wet-bulb-c"), ctx + "key 'wet-bulb-c': wet bulb " + fmt(wet) + " °C is not "
                        + "below dry bulb " + fmt(dry) + " °C; expected a wet bulb below the dry bulb");
            }
            if (wet > MAX_WET_BULB_CELSIUS) {
                throw error(m.line("wet-bulb-c"), ctx + "key 'wet-bulb-c': wet bulb " + fmt(wet) + " °C is above "
                        + fmt(MAX_WET_BULB_CELSIUS) + " °C; expected at most " + fmt(MAX_WET_BULB_CELSIUS));
            }
            if (!(ramp > 0.0) || ramp > 5.0) {
                throw error(m.line("ramp-c-per-h"), ctx + "key 'ramp-c-per-h': " + fmt(ramp) + " °C/h; expected "
                        + "a ramp rate above 0 and at most 5 °C per hour");
            }
            return new CuringStep(index, name, stage, Optional.of(new BulbTargets(dry, wet)), ramp, hold, exit,
                    prompt, fan, lag);
        }

        /** Rules that span steps: stage order and the 50 °C rule before the veins have yellowed. */
        private void checkSequence(List<CuringStep> steps, List<ConfigNode> nodes) {
            boolean veinsConfirmed = false;
            for (CuringStep s : steps) {
                int line = nodes.get(s.index()).line();
                String ctx = s.label() + ", ";
                if (s.index() > 0 && s.stage().ordinal() < steps.get(s.index() - 1).stage().ordinal()) {
                    throw error(line, ctx + "key 'stage': " + s.stage().fileName() + " after "
                            + steps.get(s.index() - 1).stage().fileName()
                            + "; expected stages in order yellowing, colour-fixing, stem-drying");
                }
                double dry = s.targets().map(BulbTargets::dryBulbCelsius).orElse(0.0);
                if (dry > CuringSchedule.VEINS_GREEN_LIMIT_CELSIUS && s.stage() == Stage.YELLOWING) {
                    throw error(line, ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C in the yellowing stage; "
                            + "expected at most 50 °C before the colour-fixing stage");
                }
                if (dry > CuringSchedule.VEINS_GREEN_LIMIT_CELSIUS && !veinsConfirmed) {
                    throw error(line, ctx + "key 'dry-bulb-c': " + fmt(dry) + " °C before the veins are confirmed "
                            + "yellow; expected an earlier colour-fixing step with 'exit: operator' (or at most "
                            + "50 °C)");
                }
                if (s.stage() == Stage.COLOUR_FIXING && s.exit() == ExitRule.OPERATOR) {
                    veinsConfirmed = true;
                }
            }
        }

        /** The step's name before the step is validated, so even its first error can name it. */
        private Optional<String> peekName(ConfigNode m) {
            return m.text("step").filter(v -> !v.isBlank()).map(String::strip);
        }

        private void allowOnly(ConfigNode m, Set<String> allowed, String ctx) {
            for (String key : m.keys()) {
                if (!allowed.contains(key)) {
                    throw error(m.keyLine(key), ctx + "unknown key '" + key + "'; expected one of " + sorted(allowed));
                }
            }
        }

        private void require(ConfigNode m, String key, String ctx) {
            if (!m.has(key)) {
                throw error(m.line(), ctx + "missing key '" + key + "'");
            }
        }

        private String text(ConfigNode m, String key, String ctx) {
            require(m, key, ctx);
            return m.text(key).filter(v -> !v.isBlank()).map(String::strip).orElseThrow(() -> error(m.line(key),
                    ctx + "key '" + key + "': expected a non-empty text"));
        }

        private double number(ConfigNode m, String key, String ctx, String unit) {
            require(m, key, ctx);
            String raw = m.text(key).map(String::strip).orElse("");
            try {
                double v = Double.parseDouble(raw);
                if (Double.isFinite(v) && !raw.isEmpty()) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the line
            }
            throw error(m.line(key), ctx + "key '" + key + "': '" + raw + "' is not a number; expected a number in "
                    + unit);
        }

        private Duration hours(ConfigNode m, String key, String ctx, boolean zeroAllowed) {
            double h = number(m, key, ctx, "hours");
            if (h < 0 || (!zeroAllowed && h == 0) || h > 24 * 14) {
                throw error(m.line(key), ctx + "key '" + key + "': " + fmt(h) + " h; expected "
                        + (zeroAllowed ? "0 or more" : "more than 0") + " hours (at most two weeks)");
            }
            return Duration.ofMillis(Math.round(h * 3_600_000));
        }

        private <E extends Enum<E>> E choice(ConfigNode m, String key, String ctx, Class<E> type) {
            String raw = text(m, key, ctx);
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                String spelled = e instanceof Stage st ? st.fileName() : e.name().toLowerCase(Locale.ROOT);
                names.add(spelled);
                if (spelled.equals(raw.toLowerCase(Locale.ROOT))) {
                    return e;
                }
            }
            throw error(m.line(key), ctx + "key '" + key + "': '" + raw + "'; expected one of " + names);
        }

        private ScheduleException error(int line, String detail) {
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
