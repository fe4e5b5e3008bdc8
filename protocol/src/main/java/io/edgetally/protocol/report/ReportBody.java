package io.edgetally.protocol.report;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.methodology.Accounting;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything a tally report states, before it is hashed and signed: who, when, which meter readings, the tally
 * by the site's methodology (and optionally a sensitivity by a second one), and the chain link.
 *
 * @param clockSynced whether the device clock was synchronised (NTP) when the period closed; a Pi has no RTC
 * @param prevHash    the previous record's hash, {@link TallyReport#GENESIS_HASH} for seq 1
 * @param keyId       the fingerprint of the device key that signs it
 */
public record ReportBody(String schema, String site, String device, SiteKind kind, long seq, Instant periodStart,
                         Instant periodEnd, boolean clockSynced, MeterSpan meter, BigDecimal energyKwh,
                         Accounting tally, Optional<Accounting> sensitivity, String prevHash, String keyId) {}
