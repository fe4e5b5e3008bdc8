package io.edgetally.protocol.verify;

import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.TallyReport;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The registry's gate for reports arriving one by one (e.g. per MQTT message). Every report is checked on its
 * own (format, enrolment, key id, hash, Ed25519 signature, every number recomputed) and against its device's
 * chain (contiguous seq, prevHash, no overlapping periods, continuous meter readings). Only an accepted report
 * moves the chain on, so after a gap the device's next republish from the missing seq is accepted in order.
 *
 * <p>Thread-safe: {@link #accept} is synchronised.
 */
public final class ReportVerifier {

    private final ReportChecker checker;
    private final Map<String, DeviceChain> chains = new HashMap<>();

    public ReportVerifier(Collection<EnrolledDevice> devices, MethodologyRegistry registry) {
        this.checker = new ReportChecker(devices, registry);
    }

    public synchronized Verdict accept(byte[] reportJson) {
        ReportChecker.Checked c = checker.check(reportJson, true);
        if (c.report().isEmpty()) {
            return new Verdict.Rejected(Optional.empty(), OptionalLong.empty(), c.problems());
        }
        TallyReport r = c.report().get();
        Optional<String> who = Optional.of(r.body().site() + "/" + r.device());
        if (!c.problems().isEmpty()) {
            return new Verdict.Rejected(who, OptionalLong.of(r.seq()), c.problems());
        }
        DeviceChain chain = chains.computeIfAbsent(who.get(), k -> new DeviceChain());
        return switch (chain.link(r)) {
            case DeviceChain.Link.Next next -> {
                chain.advance(r);
                yield new Verdict.Accepted(r, next.notes());
            }
            case DeviceChain.Link.Duplicate d -> new Verdict.Duplicate(r);
            case DeviceChain.Link.Broken broken -> new Verdict.Rejected(who, OptionalLong.of(r.seq()),
                    broken.problems());
        };
    }

    /**
     * Continues a device's chain after {@code lastAccepted} (a registry restarting from its own store). The record
     * must be one this registry accepted earlier; it is not checked again.
     */
    public synchronized void resumeAfter(TallyReport lastAccepted) {
        DeviceChain chain = new DeviceChain();
        chain.advance(lastAccepted);
        chains.put(lastAccepted.body().site() + "/" + lastAccepted.device(), chain);
    }

    /** The highest contiguous seq accepted from a device (0 if none): what the registry acknowledges. */
    public synchronized long highestContiguousSeq(String site, String device) {
        DeviceChain chain = chains.get(site + "/" + device);
        return chain == null ? 0 : chain.lastSeq();
    }

    /** Devices with a chain so far, as {@code site/device}. */
    public synchronized List<String> devices() {
        return chains.keySet().stream().sorted().toList();
    }
}
