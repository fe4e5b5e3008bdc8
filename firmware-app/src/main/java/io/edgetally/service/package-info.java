/**
 * What every site's service shares (below the features, above their wiring): {@link
 * io.edgetally.service.SiteService}, the base of {@code barn.BarnService} and {@code station.StationService} — the
 * cycle, the tally, the CoAP endpoint, the database, and one way to stop.
 */
package io.edgetally.service;
