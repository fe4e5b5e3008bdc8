/**
 * The simulated swap station: {@link io.edgetally.sim.station.SwapStationModel} (packs, chargers, BMS taper, pack
 * temperature, queue and swap bay, revenue and DC meters), seeded truck arrivals
 * ({@link io.edgetally.sim.station.ArrivalGenerator}), the naive baseline policy and
 * {@link io.edgetally.sim.station.StationRun}, which drives any {@link io.edgetally.station.control.ChargingPolicy} against the
 * model cycle by cycle and adds up the bill and the waits.
 */
package io.edgetally.sim.station;
