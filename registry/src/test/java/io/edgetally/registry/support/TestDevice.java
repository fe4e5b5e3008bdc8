package io.edgetally.registry.support;

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
import io.edgetally.protocol.verify.Enrolment;
import java.math.BigDecimal;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A simulated curing barn's signed chain: what a real device would publish, built with the protocol's code. */
public final class TestDevice {

    public static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
    public static final AccountingPlan PLAN = AccountingPlan.of(MethodologyChoice.of("sichuan-2023-thermal", "1"),
            "CN-SC", 2022);

    public final String site;
    public final String device;
    public final KeyPair keys;
    public final ReportSigner signer;
    private final ReportFactory factory;

    public TestDevice(String site, String device) {
        this(site, device, Ed25519Keys.generate(), PLAN);
    }

    public TestDevice(String site, String device, KeyPair keys, AccountingPlan plan) {
        this.site = site;
        this.device = device;
        this.keys = keys;
        this.signer = new ReportSigner(keys);
        this.factory = new ReportFactory(site, device, SiteKind.CURING_BARN,
                MethodologyRegistry.builtIn().resolve(plan), signer);
    }

    public String publicKey() {
        return Ed25519Keys.toBase64(keys.getPublic());
    }

    public Enrolment terms() {
        return Enrolment.of(SiteKind.CURING_BARN, PLAN);
    }

    /** Reports 1..n, 15 minutes each, from a register that reads a few kWh more each time. */
    public List<TallyReport> chain(int n) {
        return chainFrom(1, TallyReport.GENESIS_HASH, new BigDecimal("1000.25"), n);
    }

    public List<TallyReport> chainFrom(long firstSeq, String prevHash, BigDecimal startKwh, int n) {
        List<TallyReport> out = new ArrayList<>();
        String prev = prevHash;
        BigDecimal kwh = startKwh;
        for (int i = 0; i < n; i++) {
            long seq = firstSeq + i;
            BigDecimal end = kwh.add(new BigDecimal(3 + (seq * 7) % 11)).add(new BigDecimal("0.375"));
            Instant from = START.plus(Duration.ofMinutes(15 * (seq - 1)));
            TallyReport r = factory.next(seq, prev, from, from.plusSeconds(900), true,
                    new MeterSpan("SDM630#4711", kwh, end, new BigDecimal("1000000")));
            out.add(r);
            prev = r.hash();
            kwh = end;
        }
        return out;
    }

    public static byte[] bytes(TallyReport r) {
        return TallyReportCodec.toBytes(r);
    }
}
