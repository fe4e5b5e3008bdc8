package io.edgetally.tally;

import io.edgetally.protocol.methodology.Accounting;
import java.util.Optional;

/**
 * The tally of a closed batch (a cure, a station day): its records summed, and for {@code curing-net} with a
 * weighed cured leaf, the coal baseline from the leaf weight as a comparison (not booked: the signed records are
 * what counts).
 */
public record BatchTally(String batchId, Rollup rollup, Optional<Accounting> curedLeafBaseline) {}
