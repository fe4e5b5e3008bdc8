/**
 * The swap station at run time: {@link io.edgetally.stationsite.StationSite} reads the revenue meter and the
 * chargers' DC meters over Modbus, takes the PLC's image of slots, packs and queue ({@link
 * io.edgetally.stationsite.StationIo}), runs the {@link io.edgetally.station.StationController} and stores samples and
 * swaps; {@link io.edgetally.stationsite.StationLedgerLink} books the revenue meter into the tally ledger.
 */
package io.edgetally.stationsite;
