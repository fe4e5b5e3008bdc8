package io.edgetally.sim.registry;

import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.protocol.verify.EnrolledDevice;
import io.edgetally.protocol.verify.ReportVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The registry's acceptor backed by the protocol's verifier: signature with the enrolled key, hash, chain and
 * every number recomputed from the meter readings and the methodology. A record received again is passed on as
 * acceptable, so the registry counts it as a duplicate and acknowledges it without storing it twice.
 */
public final class VerifyingAcceptor implements ReportAcceptor {

    private final ReportVerifier verifier;

    public VerifyingAcceptor(Collection<EnrolledDevice> devices, MethodologyRegistry methodologies) {
        this.verifier = new ReportVerifier(devices, methodologies);
    }

    /**
     * A registry restarting from its own store carries each device's chain on from the last report it holds,
     * instead of expecting seq 1 again.
     */
    public void resumeAfter(String lastStoredPayload) {
        verifier.resumeAfter(TallyReportCodec.parse(lastStoredPayload.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public ReportAcceptor.Verdict accept(byte[] payload) {
        return switch (verifier.accept(payload)) {
            case io.edgetally.protocol.verify.Verdict.Accepted a -> filed(a.report());
            case io.edgetally.protocol.verify.Verdict.Duplicate d -> filed(d.report());
            case io.edgetally.protocol.verify.Verdict.Rejected r -> new ReportAcceptor.Verdict.Rejected(r.describe());
        };
    }

    private static ReportAcceptor.Verdict filed(TallyReport r) {
        return new ReportAcceptor.Verdict.Accepted(r.device(), r.seq(), r.hash(), r.body().prevHash());
    }
}
