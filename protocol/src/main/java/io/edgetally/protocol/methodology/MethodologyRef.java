package io.edgetally.protocol.methodology;

import java.util.List;
import java.util.Optional;

/** How a report names its methodology: id, version and every factor value it used. */
public record MethodologyRef(String id, String version, List<Factor> factors) {
    public MethodologyRef {
        factors = List.copyOf(factors);
    }

    public Optional<Factor> factor(String name) {
        for (Factor f : factors) { // a loop, not a stream: called for every factor of every report verified
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public String key() {
        return id + "@" + version;
    }
}
