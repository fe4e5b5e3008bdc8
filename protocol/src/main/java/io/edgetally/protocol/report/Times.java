package io.edgetally.protocol.report;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/** Reading the report's times fast without reading them differently. */
final class Times {

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Times() {}

    /**
     * {@link Instant#parse}, with the form every device writes ({@code 2026-05-01T08:15:00Z}, optionally with up to
     * nine fraction digits) read directly: the JDK's formatter costs about a microsecond per time, and a report has
     * two. Anything else (lower case, offsets, leap seconds, other years, invalid dates) goes to {@link Instant#parse},
     * so what is accepted, its value and the error are the JDK's.
     */
    static Instant parseInstant(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && n != 21 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z'
                && (n == 20 || s.charAt(19) == '.')) {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            int nanos = 0;
            if (n > 20) {
                int fraction = digits(s, 20, n - 21);
                nanos = fraction < 0 ? -1 : fraction * POW10[9 - (n - 21)];
            }
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59
                    && second >= 0 && second <= 59 && nanos >= 0) {
                try {
                    long days = LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
                } catch (DateTimeException e) {
                    // not a date (February 30th...): the JDK's parser says so in its own words
                }
            }
        }
        return Instant.parse(s);
    }

    /** The ASCII digits {@code s[from, from + count)} as a number, -1 if any is not a digit 0-9. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
