package io.edgetally.sim.station;

import io.edgetally.station.control.DailyProfile;
import io.edgetally.station.control.StationControllerConfig;
import java.time.Duration;

/**
 * The simulated station's physics. Defaults match the controller's defaults (a Yibin-sized station) so the two agree
 * about the world unless a test makes them disagree.
 *
 * @param slots               charging slots (= chargers = packs in the station)
 * @param packCapacityKwh     usable pack energy
 * @param chargerMaxKw        grid-side charger limit
 * @param chargerEfficiency   DC out / AC in
 * @param batteryEfficiency   stored / DC in
 * @param maxCRate            the BMS's charge acceptance in C
 * @param taperStartSoc       above this the BMS accepts power falling linearly to zero at 100 %
 * @param readySoc            the swap robot hands out packs at or above this SOC
 * @param chargeStopSoc       the BMS ends a charge here (the station's configured full level)
 * @param stationCapKw        the grid connection limit (violations are counted against it)
 * @param swapDuration        one swap
 * @param swapBays            swaps that can run at once
 * @param initialSoc          SOC of the station's packs at the start
 * @param ambientMeanCelsius  daily mean ambient temperature
 * @param ambientSwingCelsius half the day-night swing (warmest at 15:00)
 * @param heatingCelsiusPerHourAt1C  heating rate of a pack charged at 1C
 * @param coolingTimeConstant        time constant of the pack cooling toward ambient
 * @param bmsCutoffCelsius    the pack's own hardware protection: no charge at or above this
 */
public record StationModelConfig(
        int slots, double packCapacityKwh, double chargerMaxKw, double chargerEfficiency, double batteryEfficiency,
        double maxCRate, double taperStartSoc, double readySoc, double chargeStopSoc, double stationCapKw,
        Duration swapDuration, int swapBays, double initialSoc, double ambientMeanCelsius, double ambientSwingCelsius,
        double heatingCelsiusPerHourAt1C, Duration coolingTimeConstant, double bmsCutoffCelsius) {

    public StationModelConfig {
        if (slots < 1 || swapBays < 1) {
            throw new IllegalArgumentException("station model: slots and swapBays must be >= 1, got " + slots
                    + " and " + swapBays);
        }
        if (!(initialSoc >= 0 && initialSoc <= 1)) {
            throw new IllegalArgumentException("station model: initialSoc must be in [0, 1], got " + initialSoc);
        }
    }

    /** The physics behind {@link StationControllerConfig#defaults()}: 8 slots, one swap bay. */
    public static StationModelConfig defaults() {
        return matching(StationControllerConfig.defaults(), 8);
    }

    /** A station whose physics agree with what the controller is told. */
    public static StationModelConfig matching(StationControllerConfig c, int slots) {
        return new StationModelConfig(slots, c.packCapacityKwh(), c.chargerMaxKw(), c.chargerEfficiency(),
                c.batteryEfficiency(), c.maxCRate(), c.taperStartSoc(), c.readySoc(), c.targetSoc(), c.stationCapKw(),
                c.swapDuration(), Math.max(1, slots / 8), c.targetSoc(), 26.0, 5.0, 8.0, Duration.ofMinutes(90),
                60.0);
    }

    /** An N-times bigger station: N x slots, cap, swap bays and (for the arrivals) the daily profile. */
    public static StationControllerConfig scaledController(int factor) {
        StationControllerConfig c = StationControllerConfig.defaults();
        DailyProfile arrivals = c.arrivals().scaled(factor);
        return c.withStationCapKw(c.stationCapKw() * factor).withArrivals(arrivals);
    }
}
