/**
 * What every site's service shares (below the features, above their wiring): {@link
 * io.edgetally.service.SiteService}, the base of {@code barn.BarnService} and {@code station.StationService} — the
 * cycle, the tally, the CoAP endpoint, the database, and one way to stop; and {@link io.edgetally.service.LinkLog},
 * the journal's account of the site's links (meter, probes, uplink broker): a line when one comes up or starts
 * failing, none while it stays so.
 */
package io.edgetally.service;
