package io.edgetally.protocol.methodology;

import java.util.List;
import java.util.Optional;

/** How a report names its methodology: id, version and every factor value it used. */
public record MethodologyRef(String id, String version, List<Factor> factors) {
    public MethodologyRef {
        factors = List.copyOf(factors);
    }

    public Optional<Factor> factor(String name) {
        return factors.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public String key() {
        return id + "@" + version;
    }
}
