/**
 * The device's tally (below the features): {@link io.edgetally.tally.SiteTally} is what a site uses — book each
 * cycle's reading of its tallied meter, start and close a batch, send an alarm change, take the device's status —
 * and {@link io.edgetally.tally.TallyService} is the device's: the ledger ({@link io.edgetally.tally.LedgerService},
 * {@link io.edgetally.tally.IntervalMeter}: every reading checked, every interval a signed, hash-chained record in
 * SQLite before it is published), the device key ({@link io.edgetally.tally.DeviceKeys}), the uplink, the
 * {@code /tally} figures in the site's time zone.
 */
package io.edgetally.tally;
