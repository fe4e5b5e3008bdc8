package io.edgetally.protocol.methodology;

import java.math.BigDecimal;
import java.util.Map;

/** A site's pick of a methodology version, with its own values for that methodology's site parameters. */
public record MethodologyChoice(String id, String version, Map<String, BigDecimal> siteValues) {
    public MethodologyChoice {
        siteValues = Map.copyOf(siteValues);
    }

    public static MethodologyChoice of(String id, String version) {
        return new MethodologyChoice(id, version, Map.of());
    }
}
