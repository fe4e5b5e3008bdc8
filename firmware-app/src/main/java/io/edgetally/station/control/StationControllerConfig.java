package io.edgetally.station.control;

import io.edgetally.config.StationConfig;
import java.time.Duration;

/**
 * Everything the station controller needs to know about its site. Powers are grid-side (AC input of the charger)
 * unless the name says DC.
 *
 * @param packCapacityKwh       usable energy of one pack at 100 % SOC
 * @param chargerMaxKw          the most one charger draws from the grid
 * @param chargerEfficiency     DC out / AC in of a charger
 * @param batteryEfficiency     energy stored / DC energy delivered to the pack
 * @param maxCRate              pack charge limit in C (1.0 = capacity in kW, DC)
 * @param taperStartSoc         above this SOC the pack accepts power falling linearly to zero at 100 %
 * @param targetSoc             charging stops here (top of the SOC window)
 * @param readySoc              a pack at or above this SOC can be handed to a truck (default: the target, so every
 *                              truck gets a pack charged to the same level whatever the policy)
 * @param derateStartCelsius    above this pack temperature the power falls linearly ...
 * @param stopCelsius           ... to zero here; at or above it the pack is not charged and an alarm is raised
 * @param resumeCelsius         a stopped pack resumes (and the alarm clears) at or below this temperature
 * @param stationCapKw          the grid connection limit (transformer or contracted demand)
 * @param tariff                time-of-use energy prices and the demand charge
 * @param arrivals              the configured daily arrival profile (the forecast starts from it and learns)
 * @param swapDuration          how long one swap takes
 * @param expectedReturnSoc     the SOC packs usually come back with (the forecast learns it)
 * @param arrivalSafety         how many standard deviations earlier than expected arrivals are planned for
 * @param safetyBandArrivals    the safety band grows like a Poisson count's over this many trucks, then stays a
 *                              constant lead (see {@link ArrivalForecast#arrivalTimes})
 * @param arrivalRateMargin     the forecast rate is multiplied by this for planning (>= 1): room for busy days
 * @param deadlineMargin        packs are planned to be ready this long before the arrival that needs them
 * @param horizon               how far ahead the plan looks
 * @param planStep              the plan's time resolution (and the demand-charge interval)
 */
public record StationControllerConfig(
        double packCapacityKwh,
        double chargerMaxKw,
        double chargerEfficiency,
        double batteryEfficiency,
        double maxCRate,
        double taperStartSoc,
        double targetSoc,
        double readySoc,
        double derateStartCelsius,
        double stopCelsius,
        double resumeCelsius,
        double stationCapKw,
        TouTariff tariff,
        DailyProfile arrivals,
        Duration swapDuration,
        double expectedReturnSoc,
        double arrivalSafety,
        double safetyBandArrivals,
        double arrivalRateMargin,
        Duration deadlineMargin,
        Duration horizon,
        Duration planStep) {

    public StationControllerConfig {
        positive("packCapacityKwh", packCapacityKwh);
        positive("chargerMaxKw", chargerMaxKw);
        fraction("chargerEfficiency", chargerEfficiency);
        fraction("batteryEfficiency", batteryEfficiency);
        positive("maxCRate", maxCRate);
        fraction("taperStartSoc", taperStartSoc);
        fraction("targetSoc", targetSoc);
        fraction("readySoc", readySoc);
        fraction("expectedReturnSoc", expectedReturnSoc);
        if (readySoc > targetSoc) {
            throw new IllegalArgumentException("station config: readySoc (" + readySoc
                    + ") must not exceed targetSoc (" + targetSoc + ")");
        }
        if (!(derateStartCelsius < stopCelsius && resumeCelsius < stopCelsius)) {
            throw new IllegalArgumentException("station config: expected derateStartCelsius < stopCelsius and "
                    + "resumeCelsius < stopCelsius, got " + derateStartCelsius + ", " + stopCelsius + ", "
                    + resumeCelsius);
        }
        positive("stationCapKw", stationCapKw);
        if (!(arrivalRateMargin >= 1) || Double.isInfinite(arrivalRateMargin)) {
            throw new IllegalArgumentException("station config: arrivalRateMargin must be finite and >= 1, got "
                    + arrivalRateMargin);
        }
        if (!(arrivalSafety >= 0)) {
            throw new IllegalArgumentException("station config: arrivalSafety must be >= 0, got " + arrivalSafety);
        }
        if (!(safetyBandArrivals >= 1)) {
            throw new IllegalArgumentException("station config: safetyBandArrivals must be >= 1, got "
                    + safetyBandArrivals);
        }
        for (Duration d : new Duration[] {swapDuration, horizon, planStep}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("station config: durations must be positive, got " + d);
            }
        }
        if (deadlineMargin.isNegative()) {
            throw new IllegalArgumentException("station config: deadlineMargin must be >= 0, got " + deadlineMargin);
        }
        if (horizon.compareTo(planStep) < 0 || Duration.ofHours(1).toSeconds() % planStep.toSeconds() != 0) {
            throw new IllegalArgumentException("station config: planStep must divide one hour and be <= horizon, got "
                    + planStep + " and " + horizon);
        }
    }

    /**
     * Tuned over 30 simulated days at Yibin scale (StationBenchmark): the largest cut in cost that still keeps
     * trucks' mean wait at the naive policy's; a band over 2-3 trucks saves 1-2 % more but makes trucks wait longer.
     */
    public static final double DEFAULT_SAFETY_BAND_ARRIVALS = 4;

    /** The Yibin-sized default: 282 kWh LFP packs, 300 kW chargers, 1.2 MW cap, Sichuan-like tariff. */
    public static StationControllerConfig defaults() {
        return new StationControllerConfig(282.0, 300.0, 0.955, 0.975, 1.0, 0.90, 0.95, 0.95,
                45.0, 55.0, 50.0, 1200.0, TouTariff.sichuanLike(), DailyProfile.yibinBusiest(),
                Duration.ofMinutes(5), 0.20, 1.75, DEFAULT_SAFETY_BAND_ARRIVALS, 1.0, Duration.ofMinutes(10),
                Duration.ofHours(24), Duration.ofMinutes(15));
    }

    /**
     * A configured station ({@code station:} of the site config): its sizes, limits and tariff on top of the
     * defaults, the arrival profile scaled to its expected swaps a day.
     */
    public static StationControllerConfig forStation(StationConfig station) {
        StationControllerConfig d = defaults();
        DailyProfile profile = d.arrivals().scaled(station.arrivalsPerDay() / d.arrivals().arrivalsPerDay());
        return new StationControllerConfig(station.packKwh(), station.slotKw(), d.chargerEfficiency(),
                d.batteryEfficiency(), d.maxCRate(), d.taperStartSoc(), station.swapSoc(), station.swapSoc(),
                d.derateStartCelsius(), d.stopCelsius(), d.resumeCelsius(), station.gridCapKw(), tariff(station),
                profile, d.swapDuration(), d.expectedReturnSoc(), d.arrivalSafety(), d.safetyBandArrivals(),
                d.arrivalRateMargin(), d.deadlineMargin(), d.horizon(), d.planStep());
    }

    /** The station's tariff by its config name (one of {@link StationConfig#TARIFFS}, checked when parsed). */
    public static TouTariff tariff(StationConfig station) {
        return switch (station.tariff()) {
            case "sichuan-like" -> TouTariff.sichuanLike();
            default -> throw new IllegalArgumentException("no tariff '" + station.tariff() + "'; expected one of "
                    + StationConfig.TARIFFS);
        };
    }

    public StationControllerConfig withStationCapKw(double capKw) {
        return new StationControllerConfig(packCapacityKwh, chargerMaxKw, chargerEfficiency, batteryEfficiency,
                maxCRate, taperStartSoc, targetSoc, readySoc, derateStartCelsius, stopCelsius, resumeCelsius, capKw,
                tariff, arrivals, swapDuration, expectedReturnSoc, arrivalSafety, safetyBandArrivals, arrivalRateMargin,
                deadlineMargin, horizon, planStep);
    }

    public StationControllerConfig withArrivals(DailyProfile profile) {
        return new StationControllerConfig(packCapacityKwh, chargerMaxKw, chargerEfficiency, batteryEfficiency,
                maxCRate, taperStartSoc, targetSoc, readySoc, derateStartCelsius, stopCelsius, resumeCelsius,
                stationCapKw, tariff, profile, swapDuration, expectedReturnSoc, arrivalSafety, safetyBandArrivals,
                arrivalRateMargin, deadlineMargin, horizon, planStep);
    }

    public StationControllerConfig withPlanning(double safety, double rateMargin, Duration margin) {
        return new StationControllerConfig(packCapacityKwh, chargerMaxKw, chargerEfficiency, batteryEfficiency,
                maxCRate, taperStartSoc, targetSoc, readySoc, derateStartCelsius, stopCelsius, resumeCelsius,
                stationCapKw, tariff, arrivals, swapDuration, expectedReturnSoc, safety, safetyBandArrivals, rateMargin,
                margin, horizon, planStep);
    }

    public StationControllerConfig withSafetyBandArrivals(double bandArrivals) {
        return new StationControllerConfig(packCapacityKwh, chargerMaxKw, chargerEfficiency, batteryEfficiency,
                maxCRate, taperStartSoc, targetSoc, readySoc, derateStartCelsius, stopCelsius, resumeCelsius,
                stationCapKw, tariff, arrivals, swapDuration, expectedReturnSoc, arrivalSafety, bandArrivals,
                arrivalRateMargin, deadlineMargin, horizon, planStep);
    }

    /** Rounding room for SOC comparisons: a pack charged "to" a level may stop a hair below it. */
    public static final double SOC_TOLERANCE = 1e-6;

    public boolean isReady(double soc) {
        return soc >= readySoc - SOC_TOLERANCE;
    }

    /** Grid energy per kWh stored in a pack. */
    public double gridKwhPerStoredKwh() {
        return 1.0 / (chargerEfficiency * batteryEfficiency);
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("station config: " + key + " must be finite and > 0, got " + v);
        }
    }

    private static void fraction(String key, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException("station config: " + key + " must be in (0, 1], got " + v);
        }
    }
}
