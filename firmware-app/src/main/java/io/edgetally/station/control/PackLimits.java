package io.edgetally.station.control;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.plc.PackState;

/** The most a pack may take right now, grid-side: C-rate, taper near full, temperature derating, SOC window. */
public final class PackLimits {

    private final StationControllerConfig config;

    public PackLimits(StationControllerConfig config) {
        this.config = config;
    }

    /** Grid-side kW the pack may take; 0 when full, too hot, or its temperature is unknown. */
    public double maxGridKw(PackState pack) {
        if (pack.soc() >= config.targetSoc() - StationControllerConfig.SOC_TOLERANCE) {
            return 0;
        }
        double temperatureFactor = switch (pack.temperature()) {
            case TemperatureReading.Valid v -> temperatureFactor(v.celsius());
            case TemperatureReading.Invalid i -> 0.0;
        };
        return maxGridKw(pack.soc()) * temperatureFactor;
    }

    /** Grid-side kW at this SOC for a pack at normal temperature. */
    public double maxGridKw(double soc) {
        if (soc >= config.targetSoc() - StationControllerConfig.SOC_TOLERANCE) {
            return 0;
        }
        double dcKw = config.maxCRate() * config.packCapacityKwh();
        if (soc > config.taperStartSoc()) {
            dcKw *= Math.max(0, (1 - soc) / (1 - config.taperStartSoc()));
        }
        return Math.min(config.chargerMaxKw(), dcKw / config.chargerEfficiency());
    }

    /** 1 up to the derating start, falling linearly to 0 at the stop temperature. */
    public double temperatureFactor(double celsius) {
        if (celsius >= config.stopCelsius()) {
            return 0;
        }
        if (celsius <= config.derateStartCelsius()) {
            return 1;
        }
        return (config.stopCelsius() - celsius) / (config.stopCelsius() - config.derateStartCelsius());
    }

    /** Grid kWh to bring a pack from {@code soc} to the target. */
    public double gridKwhToTarget(double soc) {
        return Math.max(0, config.targetSoc() - soc) * config.packCapacityKwh() * config.gridKwhPerStoredKwh();
    }
}
