/**
 * {@code edgetally doctor}'s checks (feature layer): {@link io.edgetally.doctor.Doctor} checks an installed device
 * from its config outward — probes, meters, relays, inputs, the station PLC, clock, disk, broker, certificates, the
 * ETA feed — one {@link io.edgetally.doctor.Check} a line; the command line maps its report to an exit code.
 */
package io.edgetally.doctor;
