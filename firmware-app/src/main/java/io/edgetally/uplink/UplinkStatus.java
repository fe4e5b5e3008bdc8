package io.edgetally.uplink;

import java.time.Instant;
import java.util.Optional;

/**
 * The uplink as the status endpoint shows it.
 *
 * @param connected        a session with the broker is up
 * @param backlog          tally reports not yet acknowledged by the registry
 * @param lastAckedSeq     highest seq the registry has acknowledged (0: none yet)
 * @param pendingAlarms    alarm messages waiting for the broker's PUBACK
 * @param pendingTelemetry telemetry messages queued
 * @param disk             the disk-quota level last assessed
 * @param lastConnectedAt  when the last session came up
 * @param lastError        the last connection or publish failure, in words
 * @param acksAuthenticated acks must be signed by a provisioned registry key
 * @param refusedAcks      acks ignored since start because they could not be trusted (forged, unsigned, ahead)
 */
public record UplinkStatus(boolean connected, long backlog, long lastAckedSeq, long pendingAlarms,
                           long pendingTelemetry, DiskQuota.Level disk, Optional<Instant> lastConnectedAt,
                           Optional<String> lastError, boolean acksAuthenticated, long refusedAcks) {

    static UplinkStatus initial() {
        return new UplinkStatus(false, 0, 0, 0, 0, DiskQuota.Level.OK, Optional.empty(), Optional.empty(), false, 0);
    }

    /** Every report acknowledged and every alarm delivered to the broker. */
    public boolean drained() {
        return backlog == 0 && pendingAlarms == 0;
    }
}
