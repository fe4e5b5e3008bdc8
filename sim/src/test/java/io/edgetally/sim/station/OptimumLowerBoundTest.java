package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgetally.station.control.AnnouncedArrivals;
import io.edgetally.station.control.StationController;
import io.edgetally.station.control.StationControllerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimumLowerBoundTest {

    /** A 12-hour window keeps a day's LP small for ojAlgo; a shorter window only loosens the bound. */
    private static final OptimumLowerBound.Options FAST = new OptimumLowerBound.Options(Duration.ofHours(12),
            List.of(Duration.ofMinutes(1)));

    @Test
    void oneSlotTwoTrucksCostsTheValleyChargeOfOnePackSpreadEvenlyOverTheValley() {
        // one slot: truck A takes the only pack at midnight, truck B at 08:00 needs A's returned pack charged
        StationControllerConfig c = StationControllerConfig.defaults();
        StationModelConfig m = StationModelConfig.matching(c, 1);
        Instant start = LocalDate.of(2026, 6, 1).atStartOfDay(c.tariff().zone()).toInstant();
        List<TruckArrival> trucks = List.of(new TruckArrival(start, "A", 0.20),
                new TruckArrival(start.plus(Duration.ofHours(8)), "B", 0.20));
        StationScenario s = new StationScenario(c, m, trucks, start, Duration.ofDays(1));

        OptimumLowerBound.Bound bound = new OptimumLowerBound(s, Duration.ZERO, OptimumLowerBound.Options.defaults())
                .solve(new OjAlgoLpSolver());

        // A's pack is back at 00:05; the cheapest is all of it in the valley (to 07:00) at one flat level over the
        // 28 quarter-hours from 00:00, which sets the peak: flat-band energy would cost more than the lower peak saves
        double needKwh = (c.readySoc() - StationControllerConfig.SOC_TOLERANCE - 0.20) * c.packCapacityKwh()
                * c.gridKwhPerStoredKwh();
        double peakKw = needKwh / 7.0;
        double expected = needKwh * c.tariff().valleyPricePerKwh() + peakKw * c.tariff().demandChargePerKwMonth() / 30;
        assertThat(bound.peakKw()).isCloseTo(peakKw, within(0.01));
        assertThat(bound.gridKwh()).isCloseTo(needKwh, within(0.01));
        assertThat(bound.totalCost()).isCloseTo(expected, within(0.01));

        StationRun.Result naive = s.run(new NaivePolicy(c));
        assertThat(naive.swaps()).hasSize(2);
        assertThat(bound.totalCost()).isLessThan(naive.totalCost());
    }

    @Test
    void aDayAtYibinScaleIsBoundedBelowNaiveAndTheClairvoyantControllerAndALowerCapRaisesTheBound() {
        StationScenario s = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 17);
        StationRun.Result naive = s.run(new NaivePolicy(s.controllerConfig()));
        StationRun.Result seer = s.run(new StationController(s.controllerConfig(),
                AnnouncedArrivals.all(s.arrivals().stream().map(TruckArrival::at).toList())));
        // both runs are within the budget, so the bound must not exceed either
        Duration budget = max(OptimumLowerBound.totalWait(naive, s), OptimumLowerBound.totalWait(seer, s));

        OptimumLowerBound.Bound bound = new OptimumLowerBound(s, budget, FAST).solve(new OjAlgoLpSolver());

        assertThat(bound.totalCost()).isPositive().isLessThanOrEqualTo(naive.totalCost())
                .isLessThanOrEqualTo(seer.totalCost());
        assertThat(bound.peakKw()).isLessThanOrEqualTo(s.modelConfig().stationCapKw());
        assertThat(bound.extraWaitMinutes()).isLessThanOrEqualTo(budget.toMillis() / 60_000.0);

        // half the cap: the bursts that ready packs for trucks arriving between quarter-hours are smaller, so more
        // energy must be in the packs earlier; the bound rises (and the 15-minute peak stays under the cap)
        StationScenario capped = withCap(s, s.modelConfig().stationCapKw() / 2);
        OptimumLowerBound.Bound cappedBound = new OptimumLowerBound(capped, budget, FAST).solve(new OjAlgoLpSolver());
        assertThat(cappedBound.peakKw()).isLessThanOrEqualTo(capped.modelConfig().stationCapKw() + 1e-6);
        assertThat(cappedBound.totalCost()).isGreaterThan(bound.totalCost());
    }

    @Test
    void aBudgetBelowWhatTheSwapBayAloneForcesIsRejected() {
        StationControllerConfig c = StationControllerConfig.defaults();
        Instant start = LocalDate.of(2026, 6, 1).atStartOfDay(c.tariff().zone()).toInstant();
        // the second truck arrives one minute after the first: the 5-minute swap makes it wait 4 minutes
        List<TruckArrival> trucks = List.of(new TruckArrival(start, "A", 0.2),
                new TruckArrival(start.plus(Duration.ofMinutes(1)), "B", 0.2));
        StationScenario s = new StationScenario(c, StationModelConfig.matching(c, 8), trucks, start,
                Duration.ofDays(1));

        assertThatThrownBy(() -> new OptimumLowerBound(s, Duration.ofMinutes(3), FAST).solve(new OjAlgoLpSolver()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4.0 the swap bays alone force");
    }

    private static StationScenario withCap(StationScenario s, double capKw) {
        StationControllerConfig c = s.controllerConfig().withStationCapKw(capKw);
        return new StationScenario(c, StationModelConfig.matching(c, s.modelConfig().slots()), s.arrivals(), s.start(),
                s.length());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
