package io.edgetally.protocol.methodology;

import java.util.Optional;

/** An {@link AccountingPlan} checked against the registry: everything needed to compute a tally. */
public record ResolvedPlan(ResolvedMethodology primary, Optional<ResolvedMethodology> sensitivity, GridFactor grid) {}
