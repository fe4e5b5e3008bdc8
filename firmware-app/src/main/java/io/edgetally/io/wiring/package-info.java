/**
 * Field wiring from the config: the one place that turns an {@code io:} section's entries into drivers, for every
 * kind of site and for {@code edgetally doctor}. {@link io.edgetally.io.wiring.Meters} opens a configured kWh meter
 * (Modbus of any known model, or S0 pulses), {@link io.edgetally.io.wiring.Links} the Modbus client of a configured
 * link. Layer: above {@code config} and the drivers ({@code io.meter}, {@code io.modbus}, {@code io.gpio}), below
 * the sites. (It cannot live in {@code io.meter}: the config names the meter models from there.)
 */
package io.edgetally.io.wiring;
