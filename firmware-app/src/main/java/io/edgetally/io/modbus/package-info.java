/**
 * Modbus field I/O. {@link io.edgetally.io.modbus.ModbusTransport} is one physical link (TCP today; an RS-485
 * serial line would be a second implementation on j2mod's serial transaction API, opening the port once and
 * counting a unit's silence against that unit only, not closing the shared port);
 * {@link io.edgetally.io.modbus.ModbusClient} adds the per-unit backoff; device drivers such as
 * {@link io.edgetally.io.meter.ModbusEnergyMeter} plan their reads with
 * {@link io.edgetally.io.modbus.RegisterPlanner}. Failures travel as {@link io.edgetally.io.modbus.ModbusResult}
 * values and no value outlives the read that produced it, so a silent device is never reported with old numbers.
 */
package io.edgetally.io.modbus;
