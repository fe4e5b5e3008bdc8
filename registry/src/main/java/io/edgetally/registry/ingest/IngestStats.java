package io.edgetally.registry.ingest;

import io.edgetally.protocol.verify.CheckTimes;
import io.edgetally.registry.store.IngestStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counters of the ingest since start (for the status page and the benchmarks): messages, outcomes, the wall time
 * of each pipeline stage, and the CPU time of each stage of a report's way, measured on the thread that did it:
 * parse, signature, recompute (on the verification workers), store (the commit: JDBC and the linking in Java),
 * ack (signing and publishing the acks, then the PUBACKs). What the MQTT client's own threads, the JIT and the
 * garbage collector cost is not in these; the status page shows those per thread group.
 */
public final class IngestStats {

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong acksSent = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private final AtomicLong verifyNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong ackNanos = new AtomicLong();
    private final AtomicLong storeCpuNanos = new AtomicLong();
    private final AtomicLong ackCpuNanos = new AtomicLong();
    private final AtomicLong queuedPeak = new AtomicLong();
    private final LongSupplier cpuClock;
    private final CheckTimes checks;

    /** A point-in-time copy; {@code *Nanos} are wall time of a stage, {@code *CpuNanos} CPU time. */
    public record Snapshot(long messages, long stored, long duplicates, long rejected, long acksSent,
                           long commitFailures, long verifyNanos, long commitNanos, long ackNanos,
                           long parseCpuNanos, long signatureCpuNanos, long recomputeCpuNanos, long storeCpuNanos,
                           long ackCpuNanos, long queuedPeak) {}

    /** Counters on the current thread's CPU clock. */
    public IngestStats() {
        this(threadCpuClock());
    }

    /** Counters on {@code cpuClockNanos}, a per-thread CPU clock (or any monotonic clock in a test). */
    public IngestStats(LongSupplier cpuClockNanos) {
        this.cpuClock = cpuClockNanos;
        this.checks = new CheckTimes(cpuClockNanos);
    }

    /** The current thread's CPU time in nanoseconds (user and system), as the JVM reads it. */
    public static LongSupplier threadCpuClock() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx::getCurrentThreadCpuTime;
    }

    CheckTimes checks() {
        return checks;
    }

    long cpuNow() {
        return cpuClock.getAsLong();
    }

    /** Messages received and not yet taken into a batch, as one arrives: the peak is kept. */
    void queued(int n) {
        if (n > queuedPeak.get()) {
            queuedPeak.accumulateAndGet(n, Math::max);
        }
    }

    void verified(int n, long nanos) {
        messages.addAndGet(n);
        verifyNanos.addAndGet(nanos);
    }

    void committed(long nanos, long cpuNanos) {
        commitNanos.addAndGet(nanos);
        storeCpuNanos.addAndGet(cpuNanos);
    }

    void commitFailed() {
        commitFailures.incrementAndGet();
    }

    void acked(IngestStore.Result r, long nanos, long cpuNanos) {
        stored.addAndGet(r.stored());
        duplicates.addAndGet(r.duplicates());
        rejected.addAndGet(r.rejected());
        acksSent.addAndGet(r.acks().size());
        ackNanos.addAndGet(nanos);
        ackCpuNanos.addAndGet(cpuNanos);
    }

    public Snapshot snapshot() {
        CheckTimes.Snapshot c = checks.snapshot();
        return new Snapshot(messages.get(), stored.get(), duplicates.get(), rejected.get(), acksSent.get(),
                commitFailures.get(), verifyNanos.get(), commitNanos.get(), ackNanos.get(), c.parseNanos(),
                c.signatureNanos(), c.recomputeNanos(), storeCpuNanos.get(), ackCpuNanos.get(),
                queuedPeak.get());
    }
}
