package io.edgetally.barn.curing;

import io.edgetally.io.TemperatureReading;
import java.time.Instant;

/**
 * The process image of a curing barn for one control cycle: everything the controller may look at, read once
 * at the start of the cycle.
 *
 * @param at             the cycle's time (injected clock)
 * @param dryBulb        dry-bulb probe in the loading room
 * @param wetBulb        wet-bulb probe (wick in its water cup)
 * @param airflowProven  the circulation fan's proof input (airflow switch or contactor auxiliary) is made
 * @param cutoutTripped  the independent hardware over-temperature cut-out has opened the heater circuit
 */
public record BarnInputs(
        Instant at,
        TemperatureReading dryBulb,
        TemperatureReading wetBulb,
        boolean airflowProven,
        boolean cutoutTripped) {}
