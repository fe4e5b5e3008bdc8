package io.edgetally.protocol.verify;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * CPU time spent in each stage of {@link ReportChecker#check(byte[], CheckTimes)}, summed over every thread that
 * checks: parse (JSON, the canonical cut, SHA-256 of the signed bytes), signature (Ed25519), recompute (enrolled
 * terms, period, every number from the meter readings and the methodology table). A registry keeps one to show
 * where its CPU goes, so capacity plans rest on measured numbers.
 *
 * <p>The clock is injected: a thread CPU clock in a service (what the stage cost the machine, whatever else ran),
 * any monotonic counter in a test. Thread-safe.
 */
public final class CheckTimes {

    /** What the stages have cost so far, in the clock's unit (nanoseconds for a thread CPU clock). */
    public record Snapshot(long reports, long parseNanos, long signatureNanos, long recomputeNanos) {}

    private final LongSupplier clock;
    private final LongAdder reports = new LongAdder();
    private final LongAdder parse = new LongAdder();
    private final LongAdder signature = new LongAdder();
    private final LongAdder recompute = new LongAdder();

    public CheckTimes(LongSupplier clockNanos) {
        this.clock = clockNanos;
    }

    long now() {
        return clock.getAsLong();
    }

    void add(long parseNanos, long signatureNanos, long recomputeNanos) {
        reports.increment();
        parse.add(parseNanos);
        signature.add(signatureNanos);
        recompute.add(recomputeNanos);
    }

    public Snapshot snapshot() {
        return new Snapshot(reports.sum(), parse.sum(), signature.sum(), recompute.sum());
    }
}
