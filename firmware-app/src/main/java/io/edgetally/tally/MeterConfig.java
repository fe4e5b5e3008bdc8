package io.edgetally.tally;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How readings of the site meter are checked and booked.
 *
 * @param interval     length of the booked intervals, aligned to UTC (default 15 min)
 * @param maxPowerKw   the most the site can draw: a register step larger than this power over the elapsed time
 *                     (plus {@code toleranceKwh}) is a glitch
 * @param rolloverKwh  the register wraps to zero at this value (e.g. 1,000,000 for a 6-digit kWh register)
 * @param toleranceKwh the register's resolution, allowed on top of the power bound
 * @param confirmAfter consecutive mutually consistent readings needed to accept a replaced meter or a reset register
 */
public record MeterConfig(Duration interval, BigDecimal maxPowerKw, BigDecimal rolloverKwh, BigDecimal toleranceKwh,
                          int confirmAfter) {

    public MeterConfig {
        if (interval.isNegative() || interval.isZero() || Duration.ofDays(1).toMillis() % interval.toMillis() != 0) {
            throw new IllegalArgumentException("meter interval must divide a day evenly (e.g. PT15M), was " + interval);
        }
        if (maxPowerKw.signum() <= 0 || rolloverKwh.signum() <= 0 || toleranceKwh.signum() < 0) {
            throw new IllegalArgumentException("meter maxPowerKw and rolloverKwh must be positive, toleranceKwh"
                    + " not negative: " + maxPowerKw + ", " + rolloverKwh + ", " + toleranceKwh);
        }
        if (confirmAfter < 2) {
            throw new IllegalArgumentException("confirmAfter must be at least 2, was " + confirmAfter);
        }
    }

    /** 15-minute intervals, a 1,000,000 kWh register, 0.01 kWh resolution, 3 readings to confirm a new meter. */
    public static MeterConfig defaults(BigDecimal maxPowerKw) {
        return new MeterConfig(Duration.ofMinutes(15), maxPowerKw, new BigDecimal("1000000"), new BigDecimal("0.01"),
                3);
    }
}
