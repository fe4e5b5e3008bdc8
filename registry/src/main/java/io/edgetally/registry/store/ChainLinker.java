package io.edgetally.registry.store;

import io.edgetally.protocol.verify.Problem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Moves one device's contiguous head over the reports that continue it: each must be the next seq, name the head's
 * hash as its prevHash, not start before the head's period ends, and (same meter, adjoining periods) start at the
 * head's end reading. The first that does not is refused; the rest wait. Pure logic, no I/O.
 */
final class ChainLinker {

    /** The chain head and the facts the next report must continue. */
    record HeadState(long seq, String hash, Optional<Instant> periodEnd, Optional<String> meterId,
                     Optional<BigDecimal> endKwh) {}

    /** A report that may continue the chain: one of the batch ({@code stored} false) or one waiting in the store. */
    record Candidate(long seq, String hash, String prevHash, Instant periodStart, Instant periodEnd, String meterId,
                     BigDecimal startKwh, BigDecimal endKwh, boolean stored) {}

    /** What linking decided: the new head, which candidates are now linked, and the one refused, if any. */
    record Decision(HeadState head, List<Candidate> linked, Optional<Refusal> refused) {}

    record Refusal(Candidate candidate, Problem problem) {}

    private ChainLinker() {}

    static Decision link(HeadState head, NavigableMap<Long, Candidate> candidates) {
        HeadState h = head;
        List<Candidate> linked = new ArrayList<>();
        for (Candidate c = candidates.get(h.seq() + 1); c != null; c = candidates.get(h.seq() + 1)) {
            Optional<Problem> problem = problem(h, c);
            if (problem.isPresent()) {
                return new Decision(h, linked, Optional.of(new Refusal(c, problem.get())));
            }
            linked.add(c);
            h = new HeadState(c.seq(), c.hash(), Optional.of(c.periodEnd()), Optional.of(c.meterId()),
                    Optional.of(c.endKwh()));
        }
        return new Decision(h, linked, Optional.empty());
    }

    private static Optional<Problem> problem(HeadState h, Candidate c) {
        if (!c.prevHash().equals(h.hash())) {
            return Optional.of(Problem.of(Problem.Kind.CHAIN, "prevHash", h.hash() + " (hash of seq " + h.seq() + ")",
                    c.prevHash()));
        }
        if (h.periodEnd().isPresent() && c.periodStart().isBefore(h.periodEnd().get())) {
            return Optional.of(Problem.of(Problem.Kind.PERIOD, "periodStart", "not before the previous periodEnd "
                    + h.periodEnd().get() + " (no energy counted twice)", c.periodStart()));
        }
        if (h.periodEnd().isPresent() && c.periodStart().equals(h.periodEnd().get())
                && h.meterId().equals(Optional.of(c.meterId()))
                && c.startKwh().compareTo(h.endKwh().orElseThrow()) != 0) {
            return Optional.of(Problem.of(Problem.Kind.METER_CONTINUITY, "meter.startKwh",
                    h.endKwh().get().toPlainString() + " (endKwh of seq " + h.seq() + ")",
                    c.startKwh().toPlainString()));
        }
        return Optional.empty();
    }
}
