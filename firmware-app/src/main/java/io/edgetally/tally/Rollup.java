package io.edgetally.tally;

import io.edgetally.protocol.verify.Totals;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The tally records whose period ends in {@code (from, to]}, summed. A record belongs to the roll-up where its
 * period ends, the same rule that books a gap's energy where its span closes.
 */
public record Rollup(Instant from, Instant to, OptionalLong firstSeq, OptionalLong lastSeq, Totals totals) {}
