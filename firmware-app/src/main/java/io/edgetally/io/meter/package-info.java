/**
 * kWh meters: {@link io.edgetally.io.meter.EnergyMeter} reads the meter's own cumulative register (tallies are never
 * integrated from power). A Modbus model's register map is data, a {@link io.edgetally.io.meter.MeterRegisterMap}
 * record held by its model's class with the vendor's map named ({@link io.edgetally.io.meter.EastronSdm630#MAP},
 * {@link io.edgetally.io.meter.AcrelDjsf1352#MAP}, ...); one {@link io.edgetally.io.meter.ModbusEnergyMeter} reads
 * any of them; {@link io.edgetally.io.meter.MeterModels} names them for the config; {@link
 * io.edgetally.io.meter.S0EnergyMeter} counts pulses. Layer: above {@code io.modbus} and {@code io.gpio}.
 */
package io.edgetally.io.meter;
