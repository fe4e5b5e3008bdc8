package io.edgetally.protocol.methodology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link Rounding#quotient} (a multiplication by the exact reciprocal where the divisor allows one) against the
 * division at 34 digits it stands for: always the same value, and so the same reported quantity at 3 decimals.
 */
class QuotientPropertiesTest {

    @Property(tries = 5000)
    void theSameValueAsTheDivisionAt34Digits(@ForAll long seed) {
        Random r = new Random(seed);
        BigDecimal a = number(r);
        BigDecimal b = r.nextInt(3) == 0 ? number(r) : twosAndFives(r);
        if (b.signum() == 0) {
            return;
        }
        BigDecimal want = a.divide(b, MathContext.DECIMAL128);
        BigDecimal got = Rounding.quotient(a, b);
        assertThat(got.compareTo(want)).as("%s / %s: %s, not %s", a, b, got, want).isZero();
        assertThat(Rounding.result(got)).isEqualTo(Rounding.result(want));
    }

    @Example
    void theDivisorsOfTheShippedTables() {
        String[] divisors = {"1.6", "100", "0.7143", "1.47", "1.71", "-2.5", "0.00032", "1"};
        String[] dividends = {"93.2325", "0", "-7.125", "123456789012345678.9", "1E+40", "3.3333333333333333333333333333333333"};
        for (String d : divisors) {
            for (String n : dividends) {
                BigDecimal a = new BigDecimal(n);
                BigDecimal b = new BigDecimal(d);
                assertThat(Rounding.quotient(a, b).compareTo(a.divide(b, MathContext.DECIMAL128))).as(n + " / " + d)
                        .isZero();
            }
        }
    }

    /** Up to 40 digits at scales -5..20, either sign: intermediate tally values and beyond. */
    private static BigDecimal number(Random r) {
        BigInteger unscaled = new BigInteger(1 + r.nextInt(133), r);
        if (r.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        return new BigDecimal(unscaled, r.nextInt(26) - 5);
    }

    /** ±2^x 5^y at scales -3..12: divisors with a short exact reciprocal, and some past its limits. */
    private static BigDecimal twosAndFives(Random r) {
        BigInteger u = BigInteger.TWO.pow(r.nextInt(70)).multiply(BigInteger.valueOf(5).pow(r.nextInt(30)));
        return new BigDecimal(r.nextBoolean() ? u : u.negate(), r.nextInt(16) - 3);
    }
}
