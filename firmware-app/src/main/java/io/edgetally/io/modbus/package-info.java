/**
 * Modbus field I/O (a low layer, above {@code io.gpio}: a relay board drives relays).
 * {@link io.edgetally.io.modbus.ModbusTransport} is one physical link:
 * {@link io.edgetally.io.modbus.TcpModbusTransport} (a meter or gateway on TCP) or
 * {@link io.edgetally.io.modbus.RtuModbusTransport} (an RS-485 line shared by several units, whose port stays
 * open when one unit is silent);
 * {@link io.edgetally.io.modbus.ModbusClient} adds the per-unit backoff; device drivers such as
 * {@code io.meter.ModbusEnergyMeter} plan their reads with
 * {@link io.edgetally.io.modbus.RegisterPlanner}. Failures travel as {@link io.edgetally.io.modbus.ModbusResult}
 * values and no value outlives the read that produced it, so a silent device is never reported with old numbers.
 */
package io.edgetally.io.modbus;
