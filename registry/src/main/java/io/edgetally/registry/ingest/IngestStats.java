package io.edgetally.registry.ingest;

import io.edgetally.registry.store.IngestStore;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the ingest since start, with the time each stage took (for the status page and the benchmark). */
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

    /** A point-in-time copy. */
    public record Snapshot(long messages, long stored, long duplicates, long rejected, long acksSent,
                           long commitFailures, long verifyNanos, long commitNanos, long ackNanos) {}

    void verified(int n, long nanos) {
        messages.addAndGet(n);
        verifyNanos.addAndGet(nanos);
    }

    void committed(int n, long nanos) {
        commitNanos.addAndGet(nanos);
    }

    void commitFailed() {
        commitFailures.incrementAndGet();
    }

    void acked(IngestStore.Result r, int messagesAcked, long nanos) {
        stored.addAndGet(r.stored());
        duplicates.addAndGet(r.duplicates());
        rejected.addAndGet(r.rejected());
        acksSent.addAndGet(r.acks().size());
        ackNanos.addAndGet(nanos);
    }

    public Snapshot snapshot() {
        return new Snapshot(messages.get(), stored.get(), duplicates.get(), rejected.get(), acksSent.get(),
                commitFailures.get(), verifyNanos.get(), commitNanos.get(), ackNanos.get());
    }
}
