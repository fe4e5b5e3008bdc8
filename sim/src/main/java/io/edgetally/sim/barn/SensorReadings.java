package io.edgetally.sim.barn;

import io.edgetally.barn.curing.BarnInputs;
import io.edgetally.io.TemperatureReading;
import java.time.Instant;

/**
 * What the barn's field devices report at one instant, before any driver logic.
 *
 * @param dryBulb       dry-bulb probe
 * @param wetBulb       wet-bulb probe on its wick
 * @param airflowProven the fan's airflow switch is made
 * @param cutoutTripped the independent over-temperature cut-out has opened the heater circuit
 */
public record SensorReadings(TemperatureReading dryBulb, TemperatureReading wetBulb, boolean airflowProven,
                             boolean cutoutTripped) {

    /** The process image a controller wired straight to these devices would read. */
    public BarnInputs toBarnInputs(Instant at) {
        return new BarnInputs(at, dryBulb, wetBulb, airflowProven, cutoutTripped);
    }
}
