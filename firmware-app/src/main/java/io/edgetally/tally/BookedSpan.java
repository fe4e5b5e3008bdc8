package io.edgetally.tally;

import io.edgetally.protocol.report.MeterSpan;
import java.math.BigDecimal;

/** The energy between two accepted readings of one meter, closed for booking as one tally record. */
public record BookedSpan(RegisterReading start, RegisterReading end, BigDecimal rolloverKwh) {

    public BookedSpan {
        if (!start.meterId().equals(end.meterId()) || !end.at().isAfter(start.at())) {
            throw new IllegalArgumentException("a span needs two readings of one meter in time order: " + start
                    + " -> " + end);
        }
    }

    public MeterSpan meterSpan() {
        return new MeterSpan(start.meterId(), start.kwh(), end.kwh(), rolloverKwh);
    }

    public BigDecimal energyKwh() {
        return meterSpan().energyKwh();
    }
}
