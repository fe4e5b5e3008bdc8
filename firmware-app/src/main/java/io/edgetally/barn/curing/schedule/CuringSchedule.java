package io.edgetally.barn.curing.schedule;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A validated curing schedule.
 *
 * @param id     stable id, e.g. {@code middle-leaf}
 * @param name   a title for the display
 * @param source where it was read from (file path or built-in resource), for messages
 * @param steps  the steps in the order they run, at least one
 */
public record CuringSchedule(String id, String name, String source, List<CuringStep> steps) {

    /** The dry-bulb limit before the veins have yellowed (docs/curing.md: never above 50 °C before that). */
    public static final double VEINS_GREEN_LIMIT_CELSIUS = 50.0;

    public CuringSchedule {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("schedule " + id + " has no steps");
        }
    }

    public CuringStep step(int index) {
        return steps.get(index);
    }

    public int lastIndex() {
        return steps.size() - 1;
    }

    /**
     * The cap on the dry-bulb setpoint in step {@code index}: 50 °C until a colour-fixing step that the operator
     * confirms (the veins are yellow) lies behind; no cap after it.
     */
    public OptionalDouble dryBulbCapCelsius(int index) {
        for (int i = 0; i < index; i++) {
            CuringStep s = steps.get(i);
            if (s.stage() == Stage.COLOUR_FIXING && s.exit() == ExitRule.OPERATOR) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.of(VEINS_GREEN_LIMIT_CELSIUS);
    }

    /** Step {@code index}'s dry-bulb target after the 50 °C cap; empty for a step with no target. */
    public OptionalDouble dryTargetCelsius(int index) {
        return steps.get(index).targets().map(t -> OptionalDouble.of(
                Math.min(t.dryBulbCelsius(), dryBulbCapCelsius(index).orElse(Double.MAX_VALUE))))
                .orElse(OptionalDouble.empty());
    }

    /**
     * Process time left from step {@code index}: its remaining ramp from {@code fromDryCelsius} (NaN: unknown,
     * not counted) and {@code holdLeft}, then every later step's ramp and typical hold.
     */
    public java.time.Duration remaining(int index, double fromDryCelsius, java.time.Duration holdLeft) {
        double hours = 0;
        double from = fromDryCelsius;
        for (int i = index; i < steps.size(); i++) {
            CuringStep s = steps.get(i);
            hours += (i == index ? holdLeft : s.hold()).toSeconds() / 3600.0;
            OptionalDouble to = dryTargetCelsius(i);
            if (to.isPresent()) {
                if (!Double.isNaN(from)) {
                    hours += Math.abs(to.getAsDouble() - from) / s.rampCelsiusPerHour();
                }
                from = to.getAsDouble();
            }
        }
        return java.time.Duration.ofSeconds(Math.round(hours * 3600));
    }

    /** The schedule as run, for the batch record (a later edit of the file cannot rewrite history). */
    public String toJson() {
        StringBuilder b = new StringBuilder();
        b.append("{\"id\":").append(quote(id)).append(",\"name\":").append(quote(name))
                .append(",\"source\":").append(quote(source)).append(",\"steps\":[");
        for (CuringStep s : steps) {
            if (s.index() > 0) {
                b.append(',');
            }
            b.append("{\"index\":").append(s.index()).append(",\"step\":").append(quote(s.name()))
                    .append(",\"stage\":").append(quote(s.stage().fileName()));
            s.targets().ifPresent(t -> b.append(",\"dryBulbC\":").append(num(t.dryBulbCelsius()))
                    .append(",\"wetBulbC\":").append(num(t.wetBulbCelsius())));
            b.append(",\"rampCPerH\":").append(num(s.rampCelsiusPerHour()))
                    .append(",\"holdH\":").append(num(s.hold().toSeconds() / 3600.0))
                    .append(",\"exit\":").append(quote(s.exit().name().toLowerCase(Locale.ROOT)))
                    .append(",\"prompt\":").append(quote(s.prompt()))
                    .append(",\"fan\":").append(quote(s.fan().name().toLowerCase(Locale.ROOT)))
                    .append(",\"maxLagH\":").append(num(s.maxLag().toSeconds() / 3600.0)).append('}');
        }
        return b.append("]}").toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
