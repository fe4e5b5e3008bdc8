/**
 * The station PLC (a field driver, below the config): its Modbus register map ({@link
 * io.edgetally.io.plc.StationPlcMap}, the one place its addresses live; the table in {@code docs/station.md}), the
 * driver ({@link io.edgetally.io.plc.ModbusStationIo}: safe state on faults, the swap ring with its cursor in SQLite)
 * behind {@link io.edgetally.io.plc.StationIo}, and what the PLC reports (charger status, packs, completed swaps) and
 * is sent (setpoints).
 */
package io.edgetally.io.plc;
