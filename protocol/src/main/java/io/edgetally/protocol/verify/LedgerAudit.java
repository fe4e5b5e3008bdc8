package io.edgetally.protocol.verify;

import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.TallyReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Audits a ledger export (records in ledger order, one device or several): the same checks as
 * {@link ReportVerifier}, but it keeps going past a break so one missing record does not hide the rest, and it
 * lists missing seqs at the end (a seq that comes out of order is reported REORDERED, not missing; the very same
 * record again is counted as a duplicate, safe, as a registry acknowledges a redelivery). Feed records with {@link #add}, then call {@link #finish}. Memory stays bounded.
 * Not thread-safe. Records are checked in chunks on one worker thread per core while the calling thread links
 * the finished chunks in ledger order, so linking is never a stage the cores wait for; the workers are daemon
 * threads, started by the first chunk and stopped by {@link #finish}.
 *
 * <p>Signatures: {@link Signatures#EVERY_RECORD} verifies each record's Ed25519 signature.
 * {@link Signatures#CHAIN_ANCHORED} verifies every hash and link, and the signature of the last record before
 * each break, at the end, and every {@value #CHECKPOINT} records: since each hash covers the previous hash, one
 * valid signature vouches for every record before it in an unbroken chain. If an anchor fails, the records back
 * to the latest one whose own signature verifies are rejected. Ed25519 verification dominates the cost, so this
 * is the fast mode for large exports.
 */
public final class LedgerAudit {

    public enum Signatures { EVERY_RECORD, CHAIN_ANCHORED }

    public static final int CHECKPOINT = 256;
    public static final int MAX_LISTED = 1000;
    /**
     * Records per task for the workers: small enough that both cores stay busy to the end of the ledger, large
     * enough that handing a task over costs nothing beside checking 64 records (about 6 ms).
     */
    private static final int CHUNK = 64;
    /** Chunks being checked or waiting to be linked, per worker: bounds the memory held in flight. */
    private static final int IN_FLIGHT_PER_WORKER = 4;

    private record Pending(long position, TallyReport report, byte[] signedBytes, EnrolledDevice device) {}

    private static final class DeviceState {
        final DeviceChain chain = new DeviceChain();
        final List<Pending> pending = new ArrayList<>();
        Totals totals = Totals.ZERO;
    }

    private final ReportChecker checker;
    private final Signatures signatures;
    private final Map<String, DeviceState> devices = new TreeMap<>();
    private List<byte[]> buffer = new ArrayList<>(CHUNK);
    /** Chunks handed to the workers, oldest first: linked in this order, which is the ledger's. */
    private final ArrayDeque<Future<List<ReportChecker.Checked>>> inFlight = new ArrayDeque<>();
    private final int workerCount = Math.max(1, Runtime.getRuntime().availableProcessors());
    private ExecutorService workers;
    private final List<AuditResult.RejectedRecord> rejected = new ArrayList<>();
    private long rejectedCount;
    private long position;
    private long accepted;
    private long duplicates;

    public LedgerAudit(Collection<EnrolledDevice> enrolled, MethodologyRegistry registry, Signatures signatures) {
        this.checker = new ReportChecker(enrolled, registry);
        this.signatures = signatures;
    }

    public static AuditResult verifyAll(Iterable<byte[]> records, Collection<EnrolledDevice> enrolled,
                                        MethodologyRegistry registry, Signatures signatures) {
        LedgerAudit audit = new LedgerAudit(enrolled, registry, signatures);
        for (byte[] r : records) {
            audit.add(r);
        }
        return audit.finish();
    }

    /** Adds the next record of the ledger. Records are checked in parallel chunks, linked in order. */
    public void add(byte[] reportJson) {
        buffer.add(reportJson);
        if (buffer.size() >= CHUNK) {
            submit();
        }
    }

    /** Hands the buffered records to the workers; links finished chunks first if too many are in flight. */
    private void submit() {
        if (buffer.isEmpty()) {
            return;
        }
        while (inFlight.size() >= IN_FLIGHT_PER_WORKER * workerCount) {
            linkOldest();
        }
        boolean everySignature = signatures == Signatures.EVERY_RECORD;
        List<byte[]> chunk = buffer;
        buffer = new ArrayList<>(CHUNK);
        inFlight.add(workers().submit(() -> {
            List<ReportChecker.Checked> checked = new ArrayList<>(chunk.size());
            for (byte[] bytes : chunk) {
                checked.add(checker.check(bytes, everySignature));
            }
            return checked;
        }));
    }

    /** Waits for the oldest chunk in flight and links its records. */
    private void linkOldest() {
        Future<List<ReportChecker.Checked>> oldest = inFlight.poll();
        List<ReportChecker.Checked> checked;
        try {
            checked = oldest.get();
        } catch (ExecutionException e) {
            // a bug in a check, not a finding about the record: it surfaces as it would on this thread
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing the ledger", e);
        }
        checked.forEach(this::link);
    }

    private ExecutorService workers() {
        if (workers == null) {
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(workerCount, task -> {
                Thread t = new Thread(task, "edgetally-audit-" + n.incrementAndGet());
                t.setDaemon(true); // an audit dropped without finish() does not keep the JVM alive
                return t;
            });
        }
        return workers;
    }

    /** Links every record still in flight and stops the workers. */
    private void drain() {
        submit();
        try {
            while (!inFlight.isEmpty()) {
                linkOldest();
            }
        } finally {
            if (workers != null) {
                workers.shutdownNow();
                workers = null;
            }
        }
    }

    private void link(ReportChecker.Checked c) {
        position++;
        if (c.report().isEmpty()) {
            reject(position, Optional.empty(), OptionalLong.empty(), c.problems());
            return;
        }
        TallyReport r = c.report().get();
        String who = r.body().site() + "/" + r.device();
        if (!c.problems().isEmpty()) {
            reject(position, Optional.of(who), OptionalLong.of(r.seq()), c.problems());
            return;
        }
        DeviceState state = devices.computeIfAbsent(who, k -> new DeviceState());
        switch (state.chain.link(r)) {
            case DeviceChain.Link.Next next -> {
                state.chain.advance(r);
                state.pending.add(new Pending(position, r, c.signedBytes(), c.device().orElseThrow()));
                if (signatures == Signatures.EVERY_RECORD || state.pending.size() >= CHECKPOINT) {
                    settle(state, who);
                }
            }
            // the very same record again, e.g. a QoS 1 redelivery in a capture: safe, counted once, not a problem
            case DeviceChain.Link.Duplicate d -> duplicates++;
            case DeviceChain.Link.Broken broken -> {
                settle(state, who);
                reject(position, Optional.of(who), OptionalLong.of(r.seq()), broken.problems());
                if (broken.resync()) {
                    state.chain.advance(r);
                } else if (broken.problems().stream().anyMatch(p -> p.kind() == Problem.Kind.REORDERED)) {
                    state.chain.present(r.seq()); // out of order, but there: not a missing seq
                }
            }
        }
    }

    public AuditResult finish() {
        drain();
        Map<String, AuditResult.DeviceSummary> summaries = new TreeMap<>();
        devices.forEach((who, state) -> {
            settle(state, who);
            summaries.put(who, new AuditResult.DeviceSummary(state.chain.lastSeq(),
                    List.copyOf(state.chain.missing()), state.totals));
        });
        rejected.sort(Comparator.comparingLong(AuditResult.RejectedRecord::position));
        return new AuditResult(position, accepted, List.copyOf(rejected), rejectedCount, duplicates, summaries,
                signatures);
    }

    /** Verifies the newest pending signature; on failure walks back to the latest record that verifies. */
    private void settle(DeviceState state, String who) {
        List<Pending> pending = state.pending;
        if (pending.isEmpty()) {
            return;
        }
        int good = pending.size() - 1;
        if (signatures == Signatures.CHAIN_ANCHORED) {
            while (good >= 0 && !verifies(pending.get(good))) {
                good--;
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            if (i <= good) {
                accepted++;
                state.totals = state.totals.plus(p.report().body().energyKwh(), p.report().body().tally());
            } else {
                reject(p.position(), Optional.of(who), OptionalLong.of(p.report().seq()),
                        List.of(ReportChecker.signatureProblem(p.device(), p.report())));
            }
        }
        pending.clear();
    }

    private boolean verifies(Pending p) {
        return checker.signatureVerifies(p.device(), p.signedBytes(), p.report());
    }

    private void reject(long at, Optional<String> who, OptionalLong seq, List<Problem> problems) {
        rejectedCount++;
        if (rejected.size() < MAX_LISTED) {
            rejected.add(new AuditResult.RejectedRecord(at, who, seq, problems));
        }
    }
}
