package io.edgetally.protocol.methodology;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One versioned accounting method: its factor table and which of those factors a site may set itself (within a
 * range). The formulas live in {@link TallyCalculator}, keyed by {@link #id()}; the numbers live here, as data.
 *
 * @param kinds the site kinds it applies to ({@code curing-barn}, {@code swap-station})
 */
public record Methodology(String id, String version, List<String> kinds, String description, List<Factor> factors,
                          Map<String, SiteRange> siteParameters) {

    public Methodology {
        kinds = List.copyOf(kinds);
        factors = List.copyOf(factors);
        siteParameters = Map.copyOf(siteParameters);
    }

    public String key() {
        return id + "@" + version;
    }

    public Optional<Factor> factor(String name) {
        return factors.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The factor list with the site's own values for site parameters. A value for a factor that is not a site
     * parameter, or outside its range, is refused with a message naming both.
     */
    public List<Factor> withSiteValues(Map<String, BigDecimal> siteValues) {
        Map<String, BigDecimal> remaining = new LinkedHashMap<>(siteValues);
        List<Factor> out = new ArrayList<>();
        for (Factor f : factors) {
            BigDecimal v = remaining.remove(f.name());
            if (v == null) {
                out.add(f);
                continue;
            }
            SiteRange range = siteParameters.get(f.name());
            if (range == null) {
                throw new MethodologyException("methodology " + key() + ": factor '" + f.name()
                        + "' is fixed by the methodology, a site cannot set it (site parameters: "
                        + siteParameters.keySet() + ")");
            }
            if (!range.contains(v)) {
                throw new MethodologyException("methodology " + key() + ": site value " + v.toPlainString() + " for '"
                        + f.name() + "' is outside the allowed range " + range + " " + f.unit());
            }
            out.add(f.withValue(v));
        }
        if (!remaining.isEmpty()) {
            throw new MethodologyException("methodology " + key() + " has no factor named " + remaining.keySet()
                    + " (factors: " + factors.stream().map(Factor::name).toList() + ")");
        }
        return out;
    }
}
