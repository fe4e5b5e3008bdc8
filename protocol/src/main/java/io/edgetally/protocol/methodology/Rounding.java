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
}
