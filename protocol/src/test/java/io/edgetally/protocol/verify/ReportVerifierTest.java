package io.edgetally.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.chain.ReportSigner;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Emissions;
import io.edgetally.protocol.methodology.Factor;
import io.edgetally.protocol.methodology.MethodologyRef;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The registry's streaming gate: a clean chain passes, each kind of tampering is named precisely. */
class ReportVerifierTest {

    private final ReportChains chains = new ReportChains();
    private final List<TallyReport> reports = chains.reports(12);
    private final ReportVerifier verifier = new ReportVerifier(List.of(chains.enrolment()), chains.registry);

    private Verdict accept(TallyReport r) {
        return verifier.accept(TallyReportCodec.toBytes(r));
    }

    private void acceptFirst(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(accept(reports.get(i))).isInstanceOf(Verdict.Accepted.class);
        }
    }

    private static Verdict.Rejected rejected(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Rejected.class);
        return (Verdict.Rejected) v;
    }

    /** Re-signs a changed body with the device's own key: what buggy or dishonest firmware could publish. */
    private TallyReport resigned(TallyReport r, UnaryOperator<ReportBody> change) {
        return new ReportSigner(chains.keys).sign(change.apply(r.body()));
    }

    @Test
    void aCleanChainIsAcceptedAndAcknowledgedInOrder() {
        List<String> notes = new ArrayList<>();
        for (TallyReport r : reports) {
            Verdict v = accept(r);
            assertThat(v).isInstanceOf(Verdict.Accepted.class);
            notes.addAll(((Verdict.Accepted) v).notes());
        }
        assertThat(verifier.highestContiguousSeq(ReportChains.SITE, ReportChains.DEVICE)).isEqualTo(12);
        assertThat(notes).singleElement().asString().contains("clock was not synchronised");
    }

    @Test
    void aFlippedByteIsRejected() {
        acceptFirst(4);
        byte[] bytes = TallyReportCodec.toBytes(reports.get(4));
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.indexOf("\"co2Kg\":") + 8;
        while (!Character.isDigit(text.charAt(at))) {
            at++;
        }
        bytes[at] ^= text.charAt(at) == '9' ? 0x08 : 0x01; // another digit: still well-formed, other content
        Verdict.Rejected r = rejected(verifier.accept(bytes));
        assertThat(r.has(Problem.Kind.HASH)).as(r.describe()).isTrue();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.field()).isEqualTo("hash"));
    }

    @Test
    void aRecordReformattedIsNotTheSignedRecord() {
        acceptFirst(1);
        byte[] pretty = io.edgetally.protocol.json.Json.pretty(TallyReportCodec.toJson(reports.get(1)))
                .getBytes(StandardCharsets.UTF_8);
        Verdict.Rejected r = rejected(verifier.accept(pretty));
        assertThat(r.problems()).as(r.describe()).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.FORMAT));
    }

    /** docs/report-schema.md: bytes other than the canonical form are FORMAT, not a HASH and SIGNATURE failure. */
    @Test
    void aNonCanonicalRecordIsAFormatProblemNamingWhere() {
        acceptFirst(1);
        String canonical = new String(TallyReportCodec.toBytes(reports.get(1)), StandardCharsets.UTF_8);
        for (String spaced : List.of(canonical.replace("\"energyKwh\":", "\"energyKwh\": "),
                canonical.replaceFirst("(\"energyKwh\":[0-9]+\\.[0-9]+)", "$10"))) {
            assertThat(spaced).isNotEqualTo(canonical);
            Verdict.Rejected r = rejected(verifier.accept(spaced.getBytes(StandardCharsets.UTF_8)));
            assertThat(r.problems()).as(r.describe()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Problem.Kind.FORMAT);
                assertThat(p.found()).startsWith("other bytes from byte " + (Arrays.mismatch(
                        spaced.getBytes(StandardCharsets.UTF_8), canonical.getBytes(StandardCharsets.UTF_8)) + 1));
            });
        }
        assertThat(accept(reports.get(1))).as("the canonical record still verifies")
                .isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void aDroppedRecordIsAGap() {
        acceptFirst(4);
        Verdict.Rejected r = rejected(accept(reports.get(5)));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SEQ_GAP);
            assertThat(p.expected()).isEqualTo("5");
            assertThat(p.found()).isEqualTo("6 (seq 5 missing)");
        });
        assertThat(accept(reports.get(4))).as("the republished missing record closes the gap")
                .isInstanceOf(Verdict.Accepted.class);
        assertThat(accept(reports.get(5))).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void aRedeliveryIsADuplicateAndAReplayWithOtherContentIsRejected() {
        acceptFirst(6);
        assertThat(accept(reports.get(2))).isInstanceOf(Verdict.Duplicate.class);
        TallyReport forged = resigned(reports.get(2), b -> new ReportBody(b.schema(), b.site(), b.device(), b.kind(),
                b.seq(), b.periodStart(), b.periodEnd(), !b.clockSynced(), b.meter(), b.energyKwh(), b.tally(),
                b.sensitivity(), b.prevHash(), b.keyId()));
        Verdict.Rejected r = rejected(accept(forged));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.REPLAY);
            assertThat(p.found()).contains("seq 3 again with different content");
        });
    }

    @Test
    void aRecordSignedByAnotherKeyIsRejected() {
        acceptFirst(3);
        ReportSigner strangerKey = new ReportSigner(ReportChains.newKeys());
        TallyReport stranger = strangerKey.sign(withKeyId(reports.get(3).body(), strangerKey.keyId()));
        assertThat(rejected(accept(stranger)).has(Problem.Kind.KEY_ID)).isTrue();

        // Same key id claimed, signature made by another key.
        TallyReport genuine = reports.get(3);
        TallyReport wrongSig = new TallyReport(genuine.body(), genuine.hash(), reports.get(4).signature());
        Verdict.Rejected r = rejected(accept(wrongSig));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SIGNATURE);
            assertThat(p.expected()).contains(chains.enrolment().keyId());
        });
    }

    private static ReportBody withKeyId(ReportBody b, String keyId) {
        return new ReportBody(b.schema(), b.site(), b.device(), b.kind(), b.seq(), b.periodStart(), b.periodEnd(),
                b.clockSynced(), b.meter(), b.energyKwh(), b.tally(), b.sensitivity(), b.prevHash(), keyId);
    }

    @Test
    void aTallyThatDoesNotFollowFromTheMeterIsRejectedFieldByField() {
        acceptFirst(2);
        TallyReport inflated = resigned(reports.get(2), b -> {
            Emissions e = b.tally().emissions();
            Emissions more = new Emissions(e.co2Kg().add(BigDecimal.ONE), e.so2Kg(), e.noxKg(), e.pmKg(),
                    e.co2ProjectKg(), e.co2NetKg(), e.grid());
            return new ReportBody(b.schema(), b.site(), b.device(), b.kind(), b.seq(), b.periodStart(),
                    b.periodEnd(), b.clockSynced(), b.meter(), b.energyKwh(),
                    new Accounting(b.tally().methodology(), b.tally().displaced(), more), b.sensitivity(),
                    b.prevHash(), b.keyId());
        });
        Verdict.Rejected r = rejected(accept(inflated));
        BigDecimal expected = reports.get(2).body().tally().emissions().co2Kg();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.TALLY);
            assertThat(p.field()).isEqualTo("emissions.co2Kg");
            assertThat(new BigDecimal(p.expected())).isEqualByComparingTo(expected);
            assertThat(new BigDecimal(p.found())).isEqualByComparingTo(expected.add(BigDecimal.ONE));
        });
    }

    @Test
    void aReportWithItsOwnFactorValueIsRejectedEvenWhenItsArithmeticIsRight() {
        acceptFirst(1);
        TallyReport dearer = resigned(reports.get(1), b -> {
            MethodologyRef m = b.tally().methodology();
            List<Factor> factors = m.factors().stream().map(f -> f.name().equals("co2PerKgce")
                    ? new Factor(f.name(), new BigDecimal("2.9"), f.unit(), f.source(), f.year()) : f).toList();
            MethodologyRef bent = new MethodologyRef(m.id(), m.version(), factors);
            Accounting a = new TallyCalculator().compute(bent, b.tally().emissions().grid(), b.energyKwh());
            return new ReportBody(b.schema(), b.site(), b.device(), b.kind(), b.seq(), b.periodStart(),
                    b.periodEnd(), b.clockSynced(), b.meter(), b.energyKwh(), a, b.sensitivity(), b.prevHash(),
                    b.keyId());
        });
        assertThat(rejected(accept(dearer)).problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.FACTOR);
            assertThat(p.field()).isEqualTo("methodology.factors[co2PerKgce].value");
            assertThat(p.expected()).startsWith("2.62 (fixed by sichuan-2023-thermal@1)");
            assertThat(p.found()).isEqualTo("2.9");
        });
    }

    @Test
    void anOverlappingPeriodWouldCountEnergyTwice() {
        acceptFirst(3);
        TallyReport overlapping = resigned(reports.get(3), b -> new ReportBody(b.schema(), b.site(), b.device(),
                b.kind(), b.seq(), b.periodStart().minusSeconds(60), b.periodEnd(), b.clockSynced(), b.meter(),
                b.energyKwh(), b.tally(), b.sensitivity(), b.prevHash(), b.keyId()));
        assertThat(rejected(accept(overlapping)).problems()).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.PERIOD));
    }

    @Test
    void aReportOfAnUnknownDeviceOrInBrokenJsonNamesWhatIsWrong() {
        ReportVerifier nobody = new ReportVerifier(List.of(), chains.registry);
        assertThat(rejected(nobody.accept(TallyReportCodec.toBytes(reports.get(0)))).has(Problem.Kind.UNKNOWN_DEVICE))
                .isTrue();
        Verdict.Rejected r = rejected(verifier.accept("{\"schema\":\"edgetally.report/1\",\"kind\":\"barn\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.FORMAT);
            assertThat(p.field()).isEqualTo("kind");
            assertThat(p.found()).contains("\"curing-barn\" or \"swap-station\"");
        });
        assertThat(rejected(verifier.accept("{\"seq\":".getBytes(StandardCharsets.UTF_8))).problems())
                .singleElement().satisfies(p -> assertThat(p.found()).contains("line 1, column 8"));
        assertThat(r.device()).isEqualTo(Optional.empty());
    }
}
