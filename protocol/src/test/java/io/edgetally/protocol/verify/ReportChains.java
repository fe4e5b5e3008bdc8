package io.edgetally.protocol.verify;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.ReportFactory;
import io.edgetally.protocol.chain.ReportSigner;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.math.BigDecimal;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds signed report chains of a simulated barn for verifier tests and the benchmark. */
final class ReportChains {

    static final String SITE = "jiange-01";
    static final String DEVICE = "barn-07";
    static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
    static final BigDecimal ROLLOVER = new BigDecimal("100000");

    final MethodologyRegistry registry = MethodologyRegistry.builtIn();
    final KeyPair keys;
    final ReportFactory factory;

    ReportChains() {
        this(newKeys());
    }

    ReportChains(KeyPair keys) {
        this.keys = keys;
        AccountingPlan plan = new AccountingPlan(MethodologyChoice.of("sichuan-2023-thermal", "1"),
                Optional.of(MethodologyChoice.of("curing-net", "1")), "CN-SC", 2022);
        this.factory = new ReportFactory(SITE, DEVICE, SiteKind.CURING_BARN, registry.resolve(plan),
                new ReportSigner(keys));
    }

    static KeyPair newKeys() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    EnrolledDevice enrolment() {
        return EnrolledDevice.of(SITE, DEVICE, Ed25519Keys.toBase64(keys.getPublic()));
    }

    /** {@code n} contiguous 15-minute reports; the register starts near its top so the chain crosses a rollover. */
    List<TallyReport> reports(int n) {
        List<TallyReport> out = new ArrayList<>();
        String prev = TallyReport.GENESIS_HASH;
        BigDecimal kwh = new BigDecimal("99950.25");
        for (int i = 0; i < n; i++) {
            BigDecimal delta = new BigDecimal(3 + (i * 7) % 11).add(new BigDecimal("0.37"));
            BigDecimal end = kwh.add(delta);
            if (end.compareTo(ROLLOVER) >= 0) {
                end = end.subtract(ROLLOVER);
            }
            Instant from = START.plus(Duration.ofMinutes(15L * i));
            TallyReport r = factory.next(i + 1, prev, from, from.plusSeconds(900), i % 50 != 3,
                    new MeterSpan("SDM630#1234", kwh, end, ROLLOVER));
            out.add(r);
            prev = r.hash();
            kwh = end;
        }
        return out;
    }

    static List<byte[]> bytes(List<TallyReport> reports) {
        return reports.stream().map(TallyReportCodec::toBytes).toList();
    }
}
