/**
 * A swap station as a service (feature layer): {@link io.edgetally.station.StationService} wires it from the
 * config; {@link io.edgetally.station.StationSite} is its control loop — the queued operator requests and ETA
 * snapshots, the revenue and DC meters, the PLC's image, the controller, the setpoints, the stored samples and
 * swaps, the tally — and publishes a {@link io.edgetally.station.StationImage} each cycle; {@link
 * io.edgetally.station.StationStatus} is the CoAP view built from that image; {@link
 * io.edgetally.station.StationRequest} is what an operator can ask ({@code /station/cap}, {@code /alarms/ack}), checked
 * and queued by {@link io.edgetally.station.StationSite#handle}. Below it: {@code station.control} (the controller)
 * and {@code io.plc} (the PLC driver).
 */
package io.edgetally.station;
