/**
 * The swap station at run time: {@link io.edgetally.station.StationSite} reads the revenue meter and the
 * chargers' DC meters over Modbus, takes the PLC's image of slots, packs and queue ({@link
 * io.edgetally.io.plc.StationIo}), runs the {@link io.edgetally.station.control.StationController} and stores samples and
 * swaps; {@link io.edgetally.station.StationLedgerLink} books the revenue meter into the tally ledger.
 */
package io.edgetally.station;
