package io.edgetally.tally;

import java.math.BigDecimal;
import java.time.Instant;

/** One accepted value of a meter's cumulative import register, exact as a decimal. */
public record RegisterReading(String meterId, BigDecimal kwh, Instant at) {}
