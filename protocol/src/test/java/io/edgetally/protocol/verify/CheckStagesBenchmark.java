package io.edgetally.protocol.verify;

import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.chain.ReportHashes;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.protocol.report.CanonicalReportReader;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Where one record's CPU goes, finer than {@link VerifierBenchmark}'s stage counters: each step of
 * {@link ReportChecker#check} run alone over the same records, one thread, warm, measured with the thread's CPU
 * clock, the least over chunks of 1,000 (so the figure moves little with what else the machine runs). Needs the ledger {@link VerifierBenchmark}
 * caches under {@code target/}; run from {@code protocol/}: {@code java -cp target/classes:target/test-classes:BCPROV_JAR
 * io.edgetally.protocol.verify.CheckStagesBenchmark [records]}.
 */
public final class CheckStagesBenchmark {

    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<String> lines = Files.readAllLines(Path.of("target", "verifier-benchmark-100000.jsonl"),
                StandardCharsets.UTF_8);
        String publicKey = lines.getFirst();
        List<byte[]> ledger = lines.subList(1, n + 1).stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
        List<EnrolledDevice> enrolled = List.of(EnrolledDevice.of("yibin-03", "station-1", publicKey));
        MethodologyRegistry registry = MethodologyRegistry.builtIn();
        ReportChecker checker = new ReportChecker(enrolled, registry);
        TallyReport[] reports = new TallyReport[n];
        byte[][] signed = new byte[n][];
        for (int i = 0; i < n; i++) {
            reports[i] = TallyReportCodec.parse(ledger.get(i));
            signed[i] = ReportHashes.signedPart(ledger.get(i), reports[i].hash(), reports[i].signature()).orElseThrow();
        }
        Ed25519Verifier verifier = Ed25519Verifier.ofBase64(publicKey);
        TallyCalculator calculator = new TallyCalculator();
        if (Boolean.getBoolean("onlyCheck")) { // for a profiler: the path without the signature, nothing else
            for (int round = 1; round <= 20; round++) {
                stage("check w/o signature", n, i -> sink = checker.check(ledger.get(i), false));
            }
            return;
        }
        for (int round = 1; round <= 3; round++) {
            System.out.printf("round %d, CPU us per record:", round);
            stage("JSON", n, i -> sink = Json.parseObject(ledger.get(i)));
            stage("JSON+codec", n, i -> sink = TallyReportCodec.fromJson(Json.parseObject(ledger.get(i))));
            stage("canonical read", n, i -> sink = CanonicalReportReader.read(ledger.get(i)));
            stage("cut by scan", n, i -> sink = ReportHashes.signedPart(ledger.get(i), reports[i].hash(),
                    reports[i].signature()));
            stage("recompute", n, i -> {
                var b = reports[i].body();
                sink = calculator.compute(b.tally().methodology(), b.tally().emissions().grid(), b.energyKwh());
                sink = b.sensitivity().map(x -> calculator.compute(x.methodology(), x.emissions().grid(),
                        b.energyKwh()));
            });
            stage("SHA-256", n, i -> sink = ReportHashes.hashHex(signed[i]));
            stage("check w/o signature", n, i -> sink = checker.check(ledger.get(i), false));
            stage("signature", Math.min(n, 4_000), i -> sink = verifier.verifies(signed[i], reports[i].signature()));
            stage("check", Math.min(n, 4_000), i -> sink = checker.check(ledger.get(i), true));
            System.out.println();
        }
    }

    /** The least CPU per call over chunks of 1,000 calls: interference from other processes only adds to it. */
    private static void stage(String name, int n, IntConsumer step) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bytes0 = mx.getCurrentThreadAllocatedBytes();
        int calls = 0;
        for (int from = 0; from + 1_000 <= n; from += 1_000) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = from; i < from + 1_000; i++) {
                step.accept(i);
            }
            best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
            calls += 1_000;
        }
        // allocation does not depend on the machine's load at all: a second measure beside the CPU time
        System.out.printf("  %s %.2f (%,d B)", name, best / 1e3 / 1_000,
                (mx.getCurrentThreadAllocatedBytes() - bytes0) / calls);
    }
}
