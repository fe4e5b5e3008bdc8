package io.edgetally.sim.barn;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's true state at one instant, as no sensor sees it: for tests, plots and calibration.
 *
 * @param elapsed                 simulated time since the barn was loaded
 * @param dryBulbCelsius          barn air and leaf temperature T
 * @param humidityRatio           barn air humidity ratio W, kg/kg dry air
 * @param wetBulbCelsius          thermodynamic wet bulb of (T, W) at the site pressure
 * @param relativeHumidity        fraction 0..1
 * @param wallCelsius             inner wall temperature Ts
 * @param heatingRoomCelsius      hot-air duct temperature after the heater (what the cut-out watches)
 * @param ambientCelsius          outside dry bulb
 * @param ambientRelativeHumidity outside relative humidity (fraction)
 * @param leafWaterKg             water still in the leaf, Mw
 * @param waterRemovedKg          water that has left the leaf since loading
 * @param waterRemovedKgByStage   water removed while each stage label was set, in the order labels were first set
 * @param dryingKgPerHour         current drying rate E
 * @param condensingKgPerHour     water the heat pump's dehumidify coil is condensing
 * @param ventilationKgPerHour    dry air exchanged with outside (leakage plus damper)
 * @param damperOpenFraction      where the damper actually is
 * @param heatLoadWatts           heat leaving the barn air and leaf now: envelope + ventilation + evaporation
 * @param heatDeliveredWatts      heat the plant and fan put into the barn air now
 * @param electricWatts           electric power drawn now: heater or compressor, fan, controls
 * @param importKwh               cumulative imported energy: the meter's register
 * @param fanTurning              the circulation fan really turns
 * @param cutoutTripped           the hardware over-temperature cut-out has opened (latched)
 * @param mainsPresent            the barn has mains power
 */
public record BarnState(
        Duration elapsed,
        double dryBulbCelsius,
        double humidityRatio,
        double wetBulbCelsius,
        double relativeHumidity,
        double wallCelsius,
        double heatingRoomCelsius,
        double ambientCelsius,
        double ambientRelativeHumidity,
        double leafWaterKg,
        double waterRemovedKg,
        Map<String, Double> waterRemovedKgByStage,
        double dryingKgPerHour,
        double condensingKgPerHour,
        double ventilationKgPerHour,
        double damperOpenFraction,
        double heatLoadWatts,
        double heatDeliveredWatts,
        double electricWatts,
        double importKwh,
        boolean fanTurning,
        boolean cutoutTripped,
        boolean mainsPresent) {

    public BarnState {
        waterRemovedKgByStage = Collections.unmodifiableMap(new LinkedHashMap<>(waterRemovedKgByStage));
    }
}
