package io.edgetally.protocol.methodology;

import java.util.List;

/** A methodology together with the exact factor values a site uses (site parameters applied). */
public record ResolvedMethodology(Methodology methodology, List<Factor> factors) {
    public ResolvedMethodology {
        factors = List.copyOf(factors);
    }

    public MethodologyRef ref() {
        return new MethodologyRef(methodology.id(), methodology.version(), factors);
    }
}
