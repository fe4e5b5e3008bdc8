package io.edgetally.sim.station;

import io.edgetally.station.control.ChargingPolicy;
import io.edgetally.station.control.StationControllerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A reproducible station scenario for tests and benchmarks: same arrivals for every policy. */
record StationScenario(StationControllerConfig controllerConfig, StationModelConfig modelConfig,
                       List<TruckArrival> arrivals, Instant start, Duration length) {

    /** The Yibin-busiest station from 00:00 local of {@code firstDay}, for {@code days} days. */
    static StationScenario yibin(LocalDate firstDay, int days, long seed) {
        return scaled(firstDay, days, seed, 1);
    }

    /** A station {@code factor} times the Yibin one (slots, cap, arrivals). */
    static StationScenario scaled(LocalDate firstDay, int days, long seed, int factor) {
        StationControllerConfig c = StationModelConfig.scaledController(factor);
        StationModelConfig m = StationModelConfig.matching(c, 8 * factor);
        Instant start = firstDay.atStartOfDay(c.tariff().zone()).toInstant();
        Duration length = Duration.ofDays(days);
        List<TruckArrival> arrivals = ArrivalGenerator.yibin(c.arrivals(), c.tariff().zone())
                .generate(start, length, seed);
        return new StationScenario(c, m, arrivals, start, length);
    }

    SwapStationModel model() {
        return new SwapStationModel(modelConfig, controllerConfig.tariff().zone(), arrivals, start);
    }

    StationRun.Result run(ChargingPolicy policy) {
        return StationRun.run(model(), policy, controllerConfig.tariff(), Duration.ofMinutes(1), length,
                (now, snapshot, command, model) -> { });
    }
}
