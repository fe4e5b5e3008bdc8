/**
 * The battery-swap station's charging control (controller layer: pure logic over one cycle's process image, below
 * the station's service).
 *
 * <p>One cycle: the application reads the meters, chargers and BMSs into a {@link io.edgetally.station.control.StationSnapshot},
 * calls {@link io.edgetally.station.control.StationController#step}, writes the returned
 * {@link io.edgetally.io.plc.ChargerSetpoint}s to the chargers and stores the
 * {@link io.edgetally.station.control.StationEvent}s (the site stores the swaps, sends the alarms, records the peaks).
 * The controller does no I/O and keeps no threads; time is passed in; the dispatch feed's ETA snapshots arrive in
 * the snapshot ({@link io.edgetally.station.control.ReceivedEta}), so its {@link io.edgetally.station.control.EtaBoard}
 * is touched by the control cycle only.
 *
 * <p>How it decides: every pack (and every pack a forecast truck will bring back) is an energy need with a release
 * time, a deadline (the planned arrival of the truck that will take it, earlier than expected by a safety band) and a
 * power limit. A greedy planner fills each need, earliest deadline first, into the cheapest time steps before its
 * deadline under a station power budget; the budget is the lowest level that is as punctual as the full cap, raised
 * when the energy saved over the rest of the month outweighs the demand charge. Only the plan's first minute is
 * executed; the next cycle plans again from the new state.
 */
package io.edgetally.station.control;
