package io.edgetally.protocol.report;

import java.math.BigDecimal;

/**
 * The two register readings of one meter that a report's energy comes from. A register counts up to
 * {@code rolloverKwh} and wraps to zero, so an end below the start means one wrap.
 */
public record MeterSpan(String meterId, BigDecimal startKwh, BigDecimal endKwh, BigDecimal rolloverKwh) {

    /** The energy between the two readings, allowing for one register wrap. */
    public BigDecimal energyKwh() {
        BigDecimal delta = endKwh.subtract(startKwh);
        return delta.signum() >= 0 ? delta : delta.add(rolloverKwh);
    }
}
