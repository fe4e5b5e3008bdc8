package io.edgetally.protocol.verify;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.ReportHashes;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.ResolvedPlan;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * How fast a registry verifies a ledger export: 100,000 signed, chained swap-station records (primary
 * methodology plus a sensitivity), verified in both signature modes and through the streaming gate, and the
 * Ed25519 verification alone by BouncyCastle and by the JDK, side by side.
 *
 * <p>Run from the repository root: {@code mvn -B -q -o -pl protocol test-compile}, then
 * {@code cd protocol && java -cp target/classes:target/test-classes:BCPROV_JAR
 * io.edgetally.protocol.verify.VerifierBenchmark [records]}. The signed ledger is built once and cached under
 * {@code target/}, with the same records in {@code target/verifier-benchmark-N.reports.jsonl} for timing
 * {@code edgetally verify --jsonl} on them (the command to run is printed).
 */
public final class VerifierBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MethodologyRegistry registry = MethodologyRegistry.builtIn();
        Path cache = Path.of("target", "verifier-benchmark-" + n + ".jsonl");
        long t0 = System.nanoTime();
        List<String> lines = cached(cache, n, registry);
        String publicKey = lines.getFirst();
        List<byte[]> ledger = lines.subList(1, lines.size()).stream()
                .map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
        System.out.printf("ledger of %,d records ready in %.1f s (%,d bytes each on average; cache %s)%n", n,
                seconds(t0), ledger.stream().mapToLong(b -> b.length).sum() / n, cache);
        List<EnrolledDevice> enrolled = List.of(EnrolledDevice.of("yibin-03", "station-1", publicKey));

        Path jsonl = Path.of("target", "verifier-benchmark-" + n + ".reports.jsonl");
        if (!Files.exists(jsonl)) {
            Files.write(jsonl, lines.subList(1, lines.size()), StandardCharsets.UTF_8);
        }
        System.out.printf("the same records for the command: ./edgetally verify --jsonl %s --pubkey %s%n",
                jsonl.toAbsolutePath(), publicKey);
        signaturesAlone(ledger, publicKey);
        for (int round = 1; round <= 3; round++) {
            measure("EVERY_RECORD", ledger, enrolled, registry, LedgerAudit.Signatures.EVERY_RECORD, round);
        }
        measure("CHAIN_ANCHORED", ledger, enrolled, registry, LedgerAudit.Signatures.CHAIN_ANCHORED, 1);
        stages(ledger, enrolled, registry);
        int streamed = Math.min(n, 2_000);
        ReportVerifier gate = new ReportVerifier(enrolled, registry);
        long t = System.nanoTime();
        for (int i = 0; i < streamed; i++) {
            if (!(gate.accept(ledger.get(i)) instanceof Verdict.Accepted)) {
                throw new IllegalStateException("streaming gate refused record " + (i + 1));
            }
        }
        double s = seconds(t);
        System.out.printf("streaming gate (one thread, every signature): %,d records in %.2f s = %,.0f records/s%n",
                streamed, s, streamed / s);
        System.out.printf("cores: %d, load average at the end: %.1f%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Where one record's CPU goes, one thread, warm: the checker's own stage counters (each thread's CPU clock, as
     * the registry keeps them), over the whole ledger twice; the second pass is printed.
     */
    private static void stages(List<byte[]> ledger, List<EnrolledDevice> enrolled, MethodologyRegistry registry) {
        var mx = ManagementFactory.getThreadMXBean();
        ReportChecker checker = new ReportChecker(enrolled, registry);
        for (int pass = 1; pass <= 2; pass++) {
            CheckTimes times = new CheckTimes(mx::getCurrentThreadCpuTime);
            long cpu0 = mx.getCurrentThreadCpuTime();
            for (byte[] r : ledger) {
                if (!checker.check(r, times).problems().isEmpty()) {
                    throw new IllegalStateException("benchmark record refused");
                }
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            if (pass == 2) {
                CheckTimes.Snapshot t = times.snapshot();
                int n = ledger.size();
                System.out.printf("per record, one thread, CPU: %.1f us = parse (JSON, codec, canonical cut, SHA-256)"
                        + " %.1f + signature %.1f + recompute %.1f (+ timing and the rest %.1f)%n", cpu / 1e3 / n,
                        t.parseNanos() / 1e3 / n, t.signatureNanos() / 1e3 / n, t.recomputeNanos() / 1e3 / n,
                        (cpu - t.parseNanos() - t.signatureNanos() - t.recomputeNanos()) / 1e3 / n);
            }
        }
    }

    /** Ed25519 verification alone, one thread: BouncyCastle (what protocol uses) against the JDK's provider. */
    private static void signaturesAlone(List<byte[]> ledger, String publicKey) throws GeneralSecurityException {
        int n = Math.min(ledger.size(), 3_000);
        List<byte[]> signed = new ArrayList<>(n);
        List<String> sigs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TallyReport r = TallyReportCodec.parse(ledger.get(i));
            signed.add(ReportHashes.signedBytes(r.body()));
            sigs.add(r.signature());
        }
        io.edgetally.protocol.chain.Ed25519Verifier bc = io.edgetally.protocol.chain.Ed25519Verifier.ofBase64(publicKey);
        var jdkKey = Ed25519Keys.fromBase64(publicKey);
        for (int round = 1; round <= 2; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!bc.verifies(signed.get(i), sigs.get(i))) {
                    throw new IllegalStateException("BouncyCastle refused record " + (i + 1));
                }
            }
            double bcRate = n / seconds(t);
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(jdkKey);
                s.update(signed.get(i));
                if (!s.verify(Base64.getDecoder().decode(sigs.get(i)))) {
                    throw new IllegalStateException("the JDK refused record " + (i + 1));
                }
            }
            double jdkRate = n / seconds(t);
            System.out.printf("round %d  Ed25519 verify alone, one thread, %,d signatures: BouncyCastle %,.0f/s,"
                    + " JDK %,.0f/s (x%.1f)%n", round, n, bcRate, jdkRate, bcRate / jdkRate);
        }
    }

    private static void measure(String name, List<byte[]> ledger, List<EnrolledDevice> enrolled,
                                MethodologyRegistry registry, LedgerAudit.Signatures mode, int round) {
        long cpu0 = processCpuNanos();
        long t = System.nanoTime();
        AuditResult result = LedgerAudit.verifyAll(ledger, enrolled, registry, mode);
        double s = seconds(t);
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        if (!result.clean() || result.accepted() != ledger.size()) {
            throw new IllegalStateException("benchmark ledger did not verify: " + result.rejected());
        }
        // Wall-clock rate depends on what else the machine runs; the CPU-time rate does not.
        System.out.printf("round %d  %-15s %,9d records in %6.2f s = %,8.0f records/s wall clock;"
                + " %,.0f records per CPU-second%n", round, name, ledger.size(), s, ledger.size() / s,
                ledger.size() / cpu);
    }

    /** The public key, then one record per line; built once and kept under target/ for reruns. */
    private static List<String> cached(Path cache, int n, MethodologyRegistry registry) throws IOException {
        if (Files.exists(cache)) {
            return Files.readAllLines(cache, StandardCharsets.UTF_8);
        }
        KeyPair keys = ReportChains.newKeys();
        List<String> lines = new ArrayList<>();
        lines.add(Ed25519Keys.toBase64(keys.getPublic()));
        build(n, keys, registry).forEach(b -> lines.add(new String(b, StandardCharsets.UTF_8)));
        Files.createDirectories(cache.toAbsolutePath().getParent());
        Files.write(cache, lines, StandardCharsets.UTF_8);
        return lines;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Bodies and hashes in chain order; the signatures (the slow part) in parallel. */
    private static List<byte[]> build(int n, KeyPair keys, MethodologyRegistry registry) {
        ResolvedPlan plan = registry.resolve(new AccountingPlan(MethodologyChoice.of("swap-diesel", "1"),
                Optional.of(MethodologyChoice.of("swap-diesel", "1")), "CN-SC", 2022));
        TallyCalculator calc = new TallyCalculator();
        String keyId = Ed25519Keys.keyId(keys.getPublic());
        List<ReportBody> bodies = new ArrayList<>(n);
        List<String> hashes = new ArrayList<>(n);
        String prev = TallyReport.GENESIS_HASH;
        BigDecimal rollover = new BigDecimal("1000000");
        BigDecimal kwh = new BigDecimal("1234.5");
        for (int i = 0; i < n; i++) {
            BigDecimal end = kwh.add(new BigDecimal(100 + (i * 37) % 150).add(new BigDecimal("0.25")));
            if (end.compareTo(rollover) >= 0) {
                end = end.subtract(rollover);
            }
            MeterSpan meter = new MeterSpan("SDM630#77", kwh, end, rollover);
            var from = ReportChains.START.plus(Duration.ofMinutes(15L * i));
            var energy = meter.energyKwh();
            ReportBody body = new ReportBody(TallyReport.SCHEMA, "yibin-03", "station-1", SiteKind.SWAP_STATION,
                    i + 1, from, from.plusSeconds(900), true, meter, energy,
                    calc.compute(plan.primary().ref(), plan.grid(), energy),
                    plan.sensitivity().map(x -> calc.compute(x.ref(), plan.grid(), energy)), prev, keyId);
            prev = ReportHashes.hashHex(ReportHashes.signedBytes(body));
            bodies.add(body);
            hashes.add(prev);
            kwh = end;
        }
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            byte[] signed = ReportHashes.signedBytes(bodies.get(i));
            return TallyReportCodec.toBytes(new TallyReport(bodies.get(i), hashes.get(i), sign(keys, signed)));
        }).toList();
    }

    private static String sign(KeyPair keys, byte[] data) {
        return io.edgetally.protocol.chain.Ed25519Signer.of(keys).signBase64(data);
    }
}
