package io.edgetally.station.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalForecastTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void learnsFromFullyObservedDaysWhereTrucksReallyCome() {
        DailyProfile flat = DailyProfile.scaledTo(new double[] {
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 48);
        ArrivalForecast forecast = new ArrivalForecast(flat, ZONE, 0.2);
        Instant day0 = LocalDate.of(2026, 6, 1).atStartOfDay(ZONE).toInstant();
        forecast.advanceTo(day0.minusSeconds(60)); // started the evening before: day 0 is seen whole
        for (int day = 0; day < 4; day++) {
            Instant midnight = day0.plus(Duration.ofDays(day));
            forecast.advanceTo(midnight);
            // this fleet comes only in the afternoon: 12 trucks between 14:00 and 15:00, each back with 30 %
            for (int i = 0; i < 12; i++) {
                forecast.observe(midnight.plus(Duration.ofHours(14)).plus(Duration.ofMinutes(5L * i)), 0.30);
            }
        }
        forecast.advanceTo(day0.plus(Duration.ofDays(4)));

        Instant day4 = day0.plus(Duration.ofDays(4));
        assertThat(forecast.ratePerHour(day4.plus(Duration.ofHours(14)))).isGreaterThan(7);
        assertThat(forecast.ratePerHour(day4.plus(Duration.ofHours(3)))).isLessThan(1.0);
        assertThat(forecast.expectedReturnSoc()).isGreaterThan(0.25);
    }

    @Test
    void plansTrucksEarlierThanExpectedByTheSafetyBand() {
        DailyProfile fourPerHour = DailyProfile.scaledTo(new double[] {
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 96);
        ArrivalForecast forecast = new ArrivalForecast(fourPerHour, ZONE, 0.2);
        Instant now = LocalDate.of(2026, 6, 1).atTime(9, 0).atZone(ZONE).toInstant();

        List<Instant> expected = forecast.arrivalTimes(now, now.plus(Duration.ofHours(2)), 0.0, 1.0, 1e9);
        List<Instant> safe = forecast.arrivalTimes(now, now.plus(Duration.ofHours(2)), 1.5, 1.0, 1e9);

        assertThat(expected).hasSize(8);
        assertThat(expected.get(0)).isEqualTo(now.plus(Duration.ofMinutes(15)));
        assertThat(safe.size()).isGreaterThan(expected.size());
        assertThat(safe.get(0)).as("the first truck may come any minute").isEqualTo(now);
        for (int k = 0; k < expected.size(); k++) {
            assertThat(safe.get(k)).isBeforeOrEqualTo(expected.get(k));
        }
    }
}
