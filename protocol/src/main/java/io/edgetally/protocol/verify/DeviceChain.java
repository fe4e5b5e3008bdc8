package io.edgetally.protocol.verify;

import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Where one device's chain stands for a verifier: the last accepted record and the seqs seen recently. */
final class DeviceChain {

    /** How many recent seq -> hash pairs are remembered to tell a redelivery from a replay. */
    static final int WINDOW = 10_000;

    /** How a report relates to the chain so far. */
    sealed interface Link {
        record Next(List<String> notes) implements Link {}

        record Duplicate() implements Link {}

        /** {@code resync}: the report itself may be sound; a batch audit continues the chain from it. */
        record Broken(List<Problem> problems, boolean resync) implements Link {}
    }

    private long lastSeq;
    private String lastHash = TallyReport.GENESIS_HASH;
    private Optional<Instant> lastPeriodEnd = Optional.empty();
    private Optional<String> lastMeterId = Optional.empty();
    private BigDecimal lastEndKwh = BigDecimal.ZERO;
    private final Map<Long, String> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > WINDOW;
        }
    };
    private final TreeSet<Long> missing = new TreeSet<>();

    long lastSeq() {
        return lastSeq;
    }

    String lastHash() {
        return lastHash;
    }

    TreeSet<Long> missing() {
        return missing;
    }

    Link link(TallyReport r) {
        ReportBody b = r.body();
        long seq = b.seq();
        if (seq <= lastSeq) {
            String seen = recent.get(seq);
            if (r.hash().equals(seen)) {
                return new Link.Duplicate();
            }
            if (missing.contains(seq)) {
                return new Link.Broken(List.of(Problem.of(Problem.Kind.REORDERED, "seq",
                        "seq " + seq + " before seq " + lastSeq, "seq " + seq + " after seq " + lastSeq)), false);
            }
            String found = seen == null
                    ? "seq " + seq + ", older than the verifier's memory of this device"
                    : "seq " + seq + " again with different content (hash " + r.hash() + ", accepted " + seen + ")";
            return new Link.Broken(List.of(Problem.of(Problem.Kind.REPLAY, "seq", "a new seq above " + lastSeq, found)),
                    false);
        }
        List<Problem> problems = new ArrayList<>();
        if (seq > lastSeq + 1) {
            String gap = seq == lastSeq + 2 ? "seq " + (lastSeq + 1) : "seqs " + (lastSeq + 1) + ".." + (seq - 1);
            problems.add(Problem.of(Problem.Kind.SEQ_GAP, "seq", lastSeq + 1, seq + " (" + gap + " missing)"));
        } else if (!b.prevHash().equals(lastHash)) {
            problems.add(Problem.of(Problem.Kind.CHAIN, "prevHash", lastHash + " (hash of seq " + lastSeq + ")",
                    b.prevHash()));
        }
        List<String> notes = new ArrayList<>();
        if (lastPeriodEnd.isPresent()) {
            Instant prevEnd = lastPeriodEnd.get();
            if (b.periodStart().isBefore(prevEnd)) {
                problems.add(Problem.of(Problem.Kind.PERIOD, "periodStart", "not before the previous periodEnd "
                        + prevEnd + " (no energy counted twice)", b.periodStart()));
            } else if (b.periodStart().isAfter(prevEnd)) {
                notes.add("energy from " + prevEnd + " to " + b.periodStart() + " was not booked (meter replaced,"
                        + " reset or unreadable)");
            } else if (lastMeterId.equals(Optional.of(b.meter().meterId()))
                    && b.meter().startKwh().compareTo(lastEndKwh) != 0) {
                problems.add(Problem.of(Problem.Kind.METER_CONTINUITY, "meter.startKwh",
                        lastEndKwh.toPlainString() + " (endKwh of seq " + lastSeq + ")",
                        b.meter().startKwh().toPlainString()));
            }
        }
        if (!b.clockSynced()) {
            notes.add("device clock was not synchronised: period times are the device's estimate");
        }
        return problems.isEmpty() ? new Link.Next(notes) : new Link.Broken(problems, true);
    }

    /** {@code seq}, below the head, did arrive (out of order): it is no longer missing. */
    void present(long seq) {
        missing.remove(seq);
    }

    /** Moves the chain head to {@code r}; gaps it jumps over are remembered as missing. */
    void advance(TallyReport r) {
        for (long s = lastSeq + 1; s < r.seq(); s++) {
            missing.add(s);
        }
        missing.remove(r.seq());
        lastSeq = r.seq();
        lastHash = r.hash();
        lastPeriodEnd = Optional.of(r.body().periodEnd());
        lastMeterId = Optional.of(r.body().meter().meterId());
        lastEndKwh = r.body().meter().endKwh();
        recent.put(r.seq(), r.hash());
    }
}
