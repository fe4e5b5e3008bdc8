package io.edgetally.protocol.chain;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.methodology.ResolvedPlan;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import java.time.Instant;
import java.util.List;

/**
 * Writes the signed report for one metered span: computes the tally by the site's plan (and its sensitivity),
 * links it to the previous hash and signs it. The caller owns seq and prevHash (the device keeps them in its
 * ledger table). Not thread-safe.
 */
public final class ReportFactory {

    private final String site;
    private final String device;
    private final SiteKind kind;
    private final ResolvedPlan plan;
    private final ReportSigner signer;
    private final TallyCalculator calculator = new TallyCalculator();

    public ReportFactory(String site, String device, SiteKind kind, ResolvedPlan plan, ReportSigner signer) {
        this.site = site;
        this.device = device;
        this.kind = kind;
        this.plan = plan;
        this.signer = signer;
        for (var m : plan.sensitivity().map(s -> List.of(plan.primary(), s)).orElse(List.of(plan.primary()))) {
            if (!m.methodology().kinds().contains(kind.wireName())) {
                throw new IllegalArgumentException("methodology " + m.methodology().key() + " is for "
                        + m.methodology().kinds() + ", not for a " + kind.wireName());
            }
        }
    }

    public TallyReport next(long seq, String prevHash, Instant periodStart, Instant periodEnd, boolean clockSynced,
                            MeterSpan meter) {
        var energy = meter.energyKwh();
        var tally = calculator.compute(plan.primary().ref(), plan.grid(), energy);
        var sensitivity = plan.sensitivity().map(s -> calculator.compute(s.ref(), plan.grid(), energy));
        ReportBody body = new ReportBody(TallyReport.SCHEMA, site, device, kind, seq, periodStart, periodEnd,
                clockSynced, meter, energy, tally, sensitivity, prevHash, signer.keyId());
        return signer.sign(body);
    }
}
