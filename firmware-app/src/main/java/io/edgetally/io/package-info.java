/**
 * Field I/O (the lower layers): what every driver reports ({@link io.edgetally.io.TemperatureReading}) here; the
 * drivers in subpackages — {@code io.gpio} (pins, relays, inputs, pulse counters), {@code io.onewire} (DS18B20),
 * {@code io.modbus} (RTU and TCP, relay boards, transmitters), {@code io.meter} (kWh meters; a meter's register map
 * is its model's {@code MAP}), {@code io.plc} (the station PLC) — and {@code io.wiring}, which builds drivers from
 * the config. No control logic lives here.
 */
package io.edgetally.io;
