package io.edgetally.protocol.verify;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of auditing a whole ledger export.
 *
 * @param records   records read
 * @param accepted  records that passed every check
 * @param rejected  the first {@link LedgerAudit#MAX_LISTED} rejected records with their problems
 * @param rejectedCount all rejected records
 * @param duplicates records that were the very same record (seq and hash) as one before them: safe (an MQTT QoS 1
 *                   redelivery), counted once, neither accepted again nor rejected
 * @param devices   per {@code site/device}: chain extent, missing seqs, totals of accepted records
 */
public record AuditResult(long records, long accepted, List<RejectedRecord> rejected, long rejectedCount,
                          long duplicates, Map<String, DeviceSummary> devices, LedgerAudit.Signatures signatures) {

    /** A rejected record: its 1-based position in the input, and what was wrong. */
    public record RejectedRecord(long position, Optional<String> device, OptionalLong seq, List<Problem> problems) {
        public String describe() {
            String seqText = seq.isPresent() ? "seq " + seq.getAsLong() : "seq ?";
            return "record " + position + " (" + device.orElse("?") + " " + seqText + "): "
                    + String.join("; ", problems.stream().map(Problem::describe).toList());
        }
    }

    public record DeviceSummary(long lastSeq, List<Long> missingSeqs, Totals totals) {}

    public boolean clean() {
        return rejectedCount == 0 && devices.values().stream().allMatch(d -> d.missingSeqs().isEmpty());
    }
}
