package io.edgetally.protocol.methodology;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one methodology on one metered energy: the displaced fuel quantities, by name (e.g.
 * {@code coalKgce}, or {@code dieselLitres}, {@code dieselKg}, {@code dieselKgce}; see docs/report-schema.md),
 * and the avoided emissions.
 */
public record Accounting(MethodologyRef methodology, Map<String, BigDecimal> displaced, Emissions emissions) {
    public Accounting {
        displaced = Collections.unmodifiableMap(new LinkedHashMap<>(displaced));
    }
}
