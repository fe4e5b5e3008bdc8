/**
 * edgetally's controller, the part that ships to a Pi: one package per feature, in layers. A package uses only
 * packages of the layers below its own; features on one layer do not use each other. {@code LayeringTest} checks
 * exactly this list, top to bottom:
 *
 * <ol>
 *   <li>{@link io.edgetally.cli} — the command line: {@code Main}, one argument parser, the thin commands
 *       ({@code run}, {@code status}, {@code verify}, {@code keys}, {@code doctor}).</li>
 *   <li>{@link io.edgetally.site} — the composition root: {@code Sites.start(config)} builds a barn's or a
 *       station's service exactly as {@code edgetally run} runs it; the cycle runner; shutdown in one place.</li>
 *   <li>{@link io.edgetally.barn}, {@link io.edgetally.station}, {@link io.edgetally.doctor} — the features: each
 *       kind of site as a service (its site loop, its published image, its status view, its operator requests);
 *       the installer's checks.</li>
 *   <li>{@link io.edgetally.service} — what every site's service shares: the cycle, the tally, the CoAP endpoint,
 *       the database, one way to stop.</li>
 *   <li>{@link io.edgetally.barn.io} — a barn's field wiring: relays, probes, inputs, the damper motor.</li>
 *   <li>{@link io.edgetally.barn.curing}, {@link io.edgetally.station.control} — the controllers: pure logic over
 *       one cycle's process image; no I/O, no threads, time passed in.</li>
 *   <li>{@link io.edgetally.barn.curing.schedule} — curing schedules, the files a technician edits.</li>
 *   <li>{@link io.edgetally.tally} — the device's tally: signed ledger from the meter's register, keys, the
 *       uplink's owner, behind {@code SiteTally}, the interface the sites use.</li>
 *   <li>{@link io.edgetally.status}, {@link io.edgetally.uplink} — the CoAP server for operators; the MQTT
 *       store-and-forward to the registry (and the ETA feed's client).</li>
 *   <li>{@link io.edgetally.io.wiring} — drivers from the config: meters of either kind of site, Modbus links.</li>
 *   <li>{@link io.edgetally.config} — the site config, read and checked in one go (sealed per kind).</li>
 *   <li>{@link io.edgetally.io.plc} — the station PLC's register map and driver.</li>
 *   <li>{@link io.edgetally.io.meter} — kWh meters: register maps as data, one generic Modbus meter, S0 pulses.</li>
 *   <li>{@link io.edgetally.io.modbus}, {@link io.edgetally.io.onewire} — Modbus RTU/TCP; DS18B20 probes.</li>
 *   <li>{@link io.edgetally.io.gpio} — GPIO pins, relays, inputs, pulse counters (Pi4J).</li>
 *   <li>{@link io.edgetally.io} — what every temperature driver reports.</li>
 *   <li>{@link io.edgetally.store}, {@link io.edgetally.systemd}, {@link io.edgetally.alarm} — SQLite; systemd's
 *       notify protocol; alarms and a site's one alarm book.</li>
 * </ol>
 *
 * <p>Everything a status reader (the CoAP threads) or an operator's request touches crosses threads only through
 * the image a site publishes at the end of each cycle, or through a queue the next cycle drains. The wire contract
 * (reports, acks, topics, CoAP resources) is the {@code protocol} module, below all of these.
 */
package io.edgetally;
