package io.edgetally.sim.station;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.station.control.StationController;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PerfectForesightLpTest {

    @Test
    void theLpServesNaivesSwapsForLessThanNaiveAndTheOnlineControllerDoesNotBeatIt() {
        StationScenario s = StationScenario.yibin(LocalDate.of(2026, 6, 1), 1, 17);
        StationRun.Result naive = s.run(new NaivePolicy(s.controllerConfig()));
        StationRun.Result ctl = s.run(new StationController(s.controllerConfig()));

        PerfectForesightLp.Optimum opt = new PerfectForesightLp(s.modelConfig(), s.controllerConfig().tariff(),
                s.start(), s.length(), naive).solve();

        // the same energy goes into the packs (same swaps, same SOCs handed out), bought more cheaply
        assertThat(opt.gridKwh()).isCloseTo(naive.gridKwh(), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(opt.totalCost()).isLessThan(naive.totalCost());
        assertThat(opt.totalCost()).isLessThanOrEqualTo(ctl.totalCost());
        assertThat(opt.peakKw()).isLessThanOrEqualTo(s.modelConfig().stationCapKw());
    }
}
