package io.edgetally.protocol.methodology;

import java.math.BigDecimal;

/**
 * One emission or conversion factor as a tally uses it: its value, unit, where it comes from and the year of
 * that source. Every report carries every factor it used, so a registry can recompute the numbers.
 */
public record Factor(String name, BigDecimal value, String unit, String source, int year) {
    public Factor {
        requireText(name, "name");
        requireText(unit, "unit");
        requireText(source, "source");
        if (value == null) {
            throw new IllegalArgumentException("factor '" + name + "' has no value");
        }
    }

    Factor withValue(BigDecimal newValue) {
        return new Factor(name, newValue, unit, source, year);
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("a factor needs a non-blank " + what);
        }
    }
}
