package io.edgetally.protocol.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The report's fast time reader against {@link Instant#parse}: the same instant, or the same refusal. */
class TimesPropertiesTest {

    private static Object jdk(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return "error: " + e.getMessage();
        }
    }

    private static Object fast(String s) {
        try {
            return Times.parseInstant(s);
        } catch (DateTimeParseException e) {
            return "error: " + e.getMessage();
        }
    }

    @Property(tries = 3000)
    void agreesWithTheJdk(@ForAll("times") String s) {
        assertThat(fast(s)).isEqualTo(jdk(s));
    }

    @Property(tries = 500)
    void agreesOnAnyText(@ForAll String s) {
        assertThat(fast(s)).isEqualTo(jdk(s));
    }

    @Example
    void agreesOnEdgeCases() {
        for (String s : new String[] {"2026-05-01T08:15:00Z", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z",
                "2026-12-31T23:59:60Z", "2026-05-01t08:15:00z", "2026-05-01T24:00:00Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "2026-05-01T08:15:00.Z", "2026-05-01T08:15:00.1234567890Z",
                "2026-05-01T08:15:00+01:00", "+12026-05-01T08:15:00Z", "2026-13-01T08:15:00Z", "2026-04-31T08:15:00Z",
                "2026-05-01T08:15Z", "2026-05-01 08:15:00Z", "\u0662026-05-01T08:15:00Z", "2026-05-01T08:15:00.5Z"}) {
            assertThat(fast(s)).as(s).isEqualTo(jdk(s));
        }
    }

    @Provide
    Arbitrary<String> times() {
        Arbitrary<String> year = Arbitraries.oneOf(Arbitraries.integers().between(1960, 2100).map(String::valueOf),
                Arbitraries.strings().withCharRange('0', '9').ofLength(4), Arbitraries.of("+2026", "-001", "20x6"));
        Arbitrary<String> two = Arbitraries.oneOf(Arbitraries.integers().between(0, 61)
                .map(i -> String.format("%02d", i)), Arbitraries.of("1", "x1", "001"));
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(11).map(f -> "." + f));
        Arbitrary<String> zone = Arbitraries.of("Z", "Z", "Z", "z", "+00:00", "+05:30", "");
        Arbitrary<String> t = Arbitraries.of("T", "T", "T", "t", " ");
        Arbitrary<String> date = Combinators.combine(year, two, two, t).as((y, mo, d, tt) -> y + "-" + mo + "-" + d + tt);
        return Combinators.combine(date, two, two, two, fraction, zone)
                .as((dt, h, mi, s, f, z) -> dt + h + ":" + mi + ":" + s + f + z);
    }
}
