package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.report.TallyReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whole-ledger audits: a clean ledger passes; each single tampering is found and named at its record. */
class LedgerAuditTest {

    private static final int N = 20;
    private static ReportChains chains;
    private static List<TallyReport> reports;
    private static List<byte[]> ledger;

    @BeforeContainer
    static void buildLedger() {
        chains = new ReportChains();
        reports = chains.reports(N);
        ledger = ReportChains.bytes(reports);
    }

    private static AuditResult audit(List<byte[]> records, LedgerAudit.Signatures mode) {
        return LedgerAudit.verifyAll(records, List.of(chains.enrolment()), chains.registry, mode);
    }

    private static List<byte[]> copy() {
        List<byte[]> out = new ArrayList<>();
        ledger.forEach(b -> out.add(b.clone()));
        return out;
    }

    private static AuditResult.RejectedRecord at(AuditResult result, long position) {
        return result.rejected().stream().filter(r -> r.position() == position).findFirst()
                .orElseThrow(() -> new AssertionError("record " + position + " was not rejected: " + result));
    }

    @Property(tries = 1)
    void aCleanLedgerVerifiesCleanInBothModesWithItsTotals() {
        for (LedgerAudit.Signatures mode : LedgerAudit.Signatures.values()) {
            AuditResult result = audit(ledger, mode);
            assertThat(result.clean()).as(mode + ": " + result.rejected()).isTrue();
            assertThat(result.accepted()).isEqualTo(N);
            AuditResult.DeviceSummary d = result.devices().get(ReportChains.SITE + "/" + ReportChains.DEVICE);
            assertThat(d.lastSeq()).isEqualTo(N);
            BigDecimal energy = reports.stream().map(r -> r.body().energyKwh()).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            assertThat(d.totals().energyKwh()).isEqualByComparingTo(energy);
        }
    }

    @Property(tries = 25)
    void flippingAnyByteOfAnyRecordIsCaughtAtThatRecord(@ForAll @IntRange(min = 0, max = N - 1) int record,
                                                         @ForAll @IntRange(min = 0, max = 100_000) int where,
                                                         @ForAll @IntRange(min = 1, max = 255) int mask) {
        List<byte[]> records = copy();
        byte[] target = records.get(record);
        target[where % target.length] ^= (byte) mask;
        AuditResult result = audit(records, LedgerAudit.Signatures.EVERY_RECORD);
        assertThat(result.clean()).isFalse();
        assertThat(at(result, record + 1).problems()).isNotEmpty();
        assertThat(result.accepted()).isEqualTo(N - (record == N - 1 ? 1 : 2));
    }

    @Property(tries = 10)
    void aDroppedRecordIsAMissingSeq(@ForAll @IntRange(min = 0, max = N - 2) int dropped) {
        List<byte[]> records = copy();
        records.remove(dropped);
        for (LedgerAudit.Signatures mode : LedgerAudit.Signatures.values()) {
            AuditResult result = audit(records, mode);
            assertThat(result.devices().values().iterator().next().missingSeqs()).containsExactly(dropped + 1L);
            assertThat(at(result, dropped + 1).problems()).singleElement()
                    .satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.SEQ_GAP));
            assertThat(result.rejectedCount()).isEqualTo(1);
        }
    }

    @Property(tries = 10)
    void twoRecordsSwappedAreReportedOutOfOrder(@ForAll @IntRange(min = 0, max = N - 2) int first) {
        List<byte[]> records = copy();
        Collections.swap(records, first, first + 1);
        AuditResult result = audit(records, LedgerAudit.Signatures.CHAIN_ANCHORED);
        assertThat(at(result, first + 2).problems()).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.REORDERED));
        assertThat(result.clean()).isFalse();
        assertThat(result.devices().values().iterator().next().missingSeqs())
                .as("seq %d is there, only late: not missing", first + 1).isEmpty();
    }

    /** The very same record again, as a QoS 1 redelivery puts it in a capture: safe, counted once (the docs). */
    @Property(tries = 10)
    void anIdenticalRedeliveryIsCountedOnceAndTheLedgerStaysClean(@ForAll @IntRange(min = 0, max = N - 1) int old,
                                                                   @ForAll @IntRange(min = 0, max = N) int insertAt) {
        List<byte[]> records = copy();
        int at = Math.max(insertAt, old + 1);
        records.add(at, ledger.get(old).clone());
        for (LedgerAudit.Signatures mode : LedgerAudit.Signatures.values()) {
            AuditResult result = audit(records, mode);
            assertThat(result.clean()).as(mode + ": " + result.rejected()).isTrue();
            assertThat(result.duplicates()).isEqualTo(1);
            assertThat(result.accepted()).isEqualTo(N);
            assertThat(result.records()).isEqualTo(N + 1);
        }
    }

    @Property(tries = 5)
    void aRecordSignedWithAnotherKeyIsRejected(@ForAll @IntRange(min = 0, max = N - 1) int forged) {
        ReportChains intruder = new ReportChains(ReportChains.newKeys());
        TallyReport genuine = reports.get(forged);
        TallyReport other = intruder.reports(forged + 1).get(forged);
        List<byte[]> records = copy();
        records.set(forged, ReportChains.bytes(List.of(new TallyReport(genuine.body(), genuine.hash(),
                other.signature()))).getFirst());
        AuditResult result = audit(records, LedgerAudit.Signatures.EVERY_RECORD);
        assertThat(at(result, forged + 1).problems()).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.SIGNATURE));
        if (forged == N - 1) {
            AuditResult anchored = audit(records, LedgerAudit.Signatures.CHAIN_ANCHORED);
            assertThat(at(anchored, forged + 1).problems()).singleElement()
                    .satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.SIGNATURE));
        }
    }
}
