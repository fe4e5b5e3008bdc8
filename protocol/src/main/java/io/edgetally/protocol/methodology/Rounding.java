package io.edgetally.protocol.methodology;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one rounding rule device and registry share, so both get the same digits: intermediate values are never
 * rounded except where a division does not terminate (then to 34 significant digits, IEEE decimal128,
 * HALF_EVEN); every reported quantity is rounded once, at the end, to 3 decimals HALF_EVEN.
 */
public final class Rounding {

    public static final int RESULT_DECIMALS = 3;
    public static final MathContext WORKING = MathContext.DECIMAL128;

    private Rounding() {}

    public static BigDecimal result(BigDecimal exact) {
        return exact.setScale(RESULT_DECIMALS, RoundingMode.HALF_EVEN);
    }

    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a.divide(b, WORKING);
    }

    /**
     * The same value as {@link #divide} (the exact quotient, rounded to 34 significant digits HALF_EVEN where it
     * has more), possibly at another scale: for intermediate values, every reported quantity goes through
     * {@link #result}, which depends on the value alone. Where {@code b}'s digits have no prime factor but 2 and 5
     * (1.6 kWh/km, 100 km) its reciprocal is a short exact decimal, and a multiplication replaces the division at
     * 34 digits, which is most of a tally's cost for the registry.
     */
    static BigDecimal quotient(BigDecimal a, BigDecimal b) {
        BigDecimal reciprocal = exactReciprocal(b);
        if (reciprocal == null) {
            return divide(a, b);
        }
        BigDecimal exact = a.multiply(reciprocal);
        return exact.precision() > WORKING.getPrecision() ? exact.round(WORKING) : exact;
    }

    /** 1 / {@code b} exactly when {@code b} = ±2^x 5^y 10^-s with small x and y; else null. */
    private static BigDecimal exactReciprocal(BigDecimal b) {
        if (b.signum() == 0 || b.precision() > 18) {
            return null;
        }
        long u = Math.abs(b.unscaledValue().longValueExact());
        int twos = Long.numberOfTrailingZeros(u);
        u >>>= twos;
        int fives = 0;
        while (u % 5 == 0) {
            u /= 5;
            fives++;
        }
        if (u != 1 || twos > 60 || fives > 26) {
            return null;
        }
        // 1 / (2^x 5^y) = 2^(k-x) 5^(k-y) / 10^k with k = max(x, y)
        int k = Math.max(twos, fives);
        if (k > 18) {
            return null;
        }
        long unscaled = 1;
        for (int i = 0; i < k - twos; i++) {
            unscaled *= 2;
        }
        for (int i = 0; i < k - fives; i++) {
            unscaled *= 5;
        }
        BigDecimal r = BigDecimal.valueOf(unscaled, k - b.scale());
        return b.signum() < 0 ? r.negate() : r;
    }
}
