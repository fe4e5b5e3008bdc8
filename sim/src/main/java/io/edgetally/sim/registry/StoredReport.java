package io.edgetally.sim.registry;

import java.time.Instant;

/** A report as the registry holds it: the payload byte for byte as received. */
public record StoredReport(String site, String device, long seq, String hash, String prevHash, String payload,
                           Instant receivedAt) {}
