package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.station.control.StationControllerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrivalGeneratorTest {

    private final StationControllerConfig c = StationControllerConfig.defaults();
    private final Instant start = LocalDate.of(2026, 6, 1).atStartOfDay(c.tariff().zone()).toInstant();

    @Test
    void aMonthAtYibinScaleHasAboutFiftyThreeTrucksADayAndNoneBackWithinThreeHours() {
        List<TruckArrival> month = ArrivalGenerator.yibin(c.arrivals(), c.tariff().zone())
                .generate(start, Duration.ofDays(30), 2023);

        assertThat(month.size() / 30.0).isBetween(45.0, 61.0);
        Map<String, Instant> last = new HashMap<>();
        for (TruckArrival a : month) {
            Instant previous = last.put(a.truckId(), a.at());
            if (previous != null) {
                assertThat(Duration.between(previous, a.at())).as(a.truckId() + " at " + a.at())
                        .isGreaterThanOrEqualTo(ArrivalGenerator.MIN_TURNAROUND);
            }
        }
        assertThat(last).hasSizeGreaterThan(100);
    }

    @Test
    void theSameSeedGivesTheSameTrucks() {
        ArrivalGenerator g = ArrivalGenerator.yibin(c.arrivals(), c.tariff().zone());

        assertThat(g.generate(start, Duration.ofDays(2), 7)).isEqualTo(g.generate(start, Duration.ofDays(2), 7))
                .isNotEqualTo(g.generate(start, Duration.ofDays(2), 8));
    }
}
