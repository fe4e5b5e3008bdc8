package io.edgetally.tally;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.methodology.AccountingPlan;

/** The ledger's part of a site config: who the device is, how its meter is read, how tallies are accounted. */
public record LedgerConfig(String site, String device, SiteKind kind, MeterConfig meter, AccountingPlan plan) {}
