package io.edgetally.registry.load;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Registry ingest end to end: the load generator's devices publish their precomputed signed chains through a real
 * Mosquitto (with this benchmark's own limits, {@link #BROKER_SETTINGS}) to one or more registry instances (child
 * processes, as on servers, in one shared-subscription group) on one real PostgreSQL, until every device holds the
 * ack of its last seq. Then it checks the store (every report once, every chain contiguous to its last seq) and
 * prints reports/s, the CPU per report of every process, and the registry's own CPU counters per stage.
 *
 * <p>Run (docs/benchmarks.md gives the classpath command), from {@code registry/}:
 * {@code java -Xmx6g -cp ... io.edgetally.registry.load.IngestBenchmark storm DEVICES REPORTS INSTANCES
 * [CONNECTIONS]} or {@code ... steady DEVICES REPORTS INSTANCES CONNECTIONS COMPRESSION}; the registry's workers
 * and batch size with {@code -Dingest.workers=2 -Dingest.batch=500}. To point the same load at another registry,
 * use {@link LoadGenerator#main}.
 */
public final class IngestBenchmark {

    /**
     * The broker settings a 10,000-device storm needs beyond Mosquitto's defaults: the registry's session may hold
     * the whole backlog while the registry is behind (default 1,000 queued messages per client, then dropped, which
     * a QoS 1 publisher never learns of), the generator's ack subscriptions each get thousands of acks in flight
     * (default 20 in flight per client for MQTT 3.1.1 clients; an MQTT 5 client such as the registry sets its own
     * receive maximum), and no cap on connections. A broker with one connection per device also needs a file
     * descriptor per device: {@code ulimit -n} (or systemd's {@code LimitNOFILE=}) above the device count.
     */
    static final String BROKER_SETTINGS = """
            max_queued_messages 0
            max_queued_bytes 0
            max_inflight_messages 1000
            max_connections -1
            set_tcp_nodelay true
            """;

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || !(args[0].equals("storm") || args[0].equals("steady"))) {
            System.err.println("usage: IngestBenchmark storm DEVICES REPORTS INSTANCES [CONNECTIONS=8]"
                    + " | steady DEVICES REPORTS INSTANCES CONNECTIONS COMPRESSION");
            System.exit(2);
        }
        int devices = Integer.parseInt(args[1]);
        int reports = Integer.parseInt(args[2]);
        int instances = Integer.parseInt(args[3]);
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        Scenario scenario = args[0].equals("storm") ? new Scenario.Storm()
                : new Scenario.Steady(Integer.parseInt(args[5]));
        int workers = Integer.getInteger("ingest.workers", 2);
        int batch = Integer.getInteger("ingest.batch", 500);
        long seed = 2026;
        Path target = Path.of("target").toAbsolutePath();
        Path dir = Files.createTempDirectory(target, "ingest-benchmark");
        System.out.printf("ingest benchmark, %s: %,d devices x %d reports = %,d, %d registry instance(s) (%d workers,"
                + " batch %d), %d generator connections; load average %.2f at the start; folder %s%n", args[0],
                devices, reports, (long) devices * reports, instances, workers, batch, connections, load(), dir);

        long t = System.nanoTime();
        List<LoadGenerator.SimDevice> fleet = LoadGenerator.prepareCached(target, devices, reports, seed);
        System.out.printf("chains ready in %.1f s (%,d bytes per report)%n", (System.nanoTime() - t) / 1e9,
                fleet.getFirst().chain().getFirst().length);

        TestPostgres pg = TestPostgres.own(Files.createDirectories(dir.resolve("pg")));
        List<Process> registries = new ArrayList<>();
        try (MosquittoBroker broker = new MosquittoBroker(dir, BROKER_SETTINGS)) {
            String url = pg.newDatabase();
            List<RegistryFixture> fixtures = new ArrayList<>();
            List<URI> statuses = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                Path d = Files.createDirectories(dir.resolve("registry-" + i));
                if (i > 0) {
                    Files.copy(dir.resolve("registry-0").resolve("registry-key.pem"), d.resolve("registry-key.pem"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
                int httpPort = MosquittoBroker.freePort();
                fixtures.add(new RegistryFixture(d, broker.uri(), url, pg.user(), "registry-bench-" + i, "bench",
                        httpPort, workers, batch));
                statuses.add(URI.create("http://127.0.0.1:" + httpPort + "/api/status"));
            }
            t = System.nanoTime();
            try (Database db = fixtures.getFirst().openDatabase()) {
                Enrolments e = new Enrolments(db);
                for (LoadGenerator.SimDevice d : fleet) {
                    e.enrol(d.site(), d.device(), d.publicKey(), LoadGenerator.terms(), Instant.now());
                }
            }
            System.out.printf("%,d devices enrolled in %.1f s%n", devices, (System.nanoTime() - t) / 1e9);
            for (int i = 0; i < instances; i++) {
                registries.add(startRegistry(fixtures.get(i), dir.resolve("registry-" + i + ".log")));
            }
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (int i = 0; i < instances; i++) {
                while (!connected(http, statuses.get(i))) {
                    if (System.nanoTime() > deadline || !registries.get(i).isAlive()) {
                        throw new IllegalStateException("registry " + i + " did not come up: see "
                                + dir.resolve("registry-" + i + ".log"));
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
                }
            }
            long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).getFirst()
                    .strip());
            long[] before = {cpu(registries), cpuTree(postmaster), cpu(broker.pid()), selfCpu()};
            double loadBefore = load();
            Fleet.Result r;
            try (Fleet f = Fleet.start(broker.uri(), fleet, connections, scenario, Duration.ofSeconds(20))) {
                r = f.awaitComplete(Duration.ofMinutes(60));
            }
            long[] after = {cpu(registries), cpuTree(postmaster), cpu(broker.pid()), selfCpu()};
            double loadAfter = load();
            System.out.println(r.describe());
            long n = r.reports();
            String[] names = {"registry (all instances)", "postgresql", "mosquitto", "load generator"};
            long total = 0;
            for (int i = 0; i < 4; i++) {
                long us = (after[i] - before[i]) / 1000;
                total += us;
                System.out.printf("  CPU %-25s %8.1f us per report%n", names[i], us / (double) n);
            }
            System.out.printf("  CPU %-25s %8.1f us per report (machine: %d cores; load average %.2f before the"
                    + " run, %.2f after)%n", "all", total / (double) n, Runtime.getRuntime().availableProcessors(),
                    loadBefore, loadAfter);
            long[] stage = new long[5];
            long[] thread = new long[6];
            long stored = 0;
            long duplicates = 0;
            long rejected = 0;
            long failures = 0;
            long queuedPeak = 0;
            for (URI status : statuses) {
                JsonObject s = Json.parseObject(http.send(HttpRequest.newBuilder(status).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                JsonObject c = s.object("stageCpuNanos");
                String[] keys = {"parse", "signature", "recompute", "store", "ack"};
                for (int i = 0; i < keys.length; i++) {
                    stage[i] += c.longValue(keys[i]);
                }
                JsonObject th = s.object("threadCpuNanos");
                String[] groups = {"verify", "commit", "ack", "batch", "mqtt", "other"};
                for (int i = 0; i < groups.length; i++) {
                    thread[i] += th.members().containsKey(groups[i]) ? th.longValue(groups[i]) : 0;
                }
                stored += s.longValue("stored");
                duplicates += s.longValue("duplicates");
                rejected += s.longValue("rejected");
                failures += s.longValue("commitFailures");
                queuedPeak = Math.max(queuedPeak, s.longValue("queuedPeak"));
            }
            System.out.printf("  registry CPU by stage (its own counters, us per report): parse %.1f, signature %.1f,"
                    + " recompute %.1f, store %.1f, ack %.1f%n", stage[0] / 1e3 / n, stage[1] / 1e3 / n,
                    stage[2] / 1e3 / n, stage[3] / 1e3 / n, stage[4] / 1e3 / n);
            System.out.printf("  registry CPU by thread since start (us per report): verify workers %.1f, commit %.1f,"
                    + " ack %.1f, batching %.1f, MQTT client %.1f, other live threads (JIT, GC, HTTP) %.1f%n",
                    thread[0] / 1e3 / n, thread[1] / 1e3 / n, thread[2] / 1e3 / n, thread[3] / 1e3 / n,
                    thread[4] / 1e3 / n, thread[5] / 1e3 / n);
            System.out.printf("  registry counters: stored %,d, duplicates %,d, rejected %,d, commit failures %d; at most"
                    + " %,d messages received and waiting for a batch%n", stored, duplicates, rejected, failures,
                    queuedPeak);
            checkStore(fixtures.getFirst(), devices, reports);
        } finally {
            for (Process p : registries) {
                p.destroy();
            }
            for (Process p : registries) {
                p.waitFor(20, TimeUnit.SECONDS);
            }
            pg.stop();
        }
    }

    /** Every report stored once, each chain contiguous, linked and at its last seq: lost and doubled counted. */
    private static void checkStore(RegistryFixture f, int devices, int reports) throws Exception {
        try (Database db = f.openDatabase(); Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE x.n = ? AND x.distinct_seq"
                     + " = ? AND x.min_seq = 1 AND x.max_seq = ? AND x.all_linked AND d.head_seq = ?), sum(x.n),"
                     + " sum(x.redelivered) FROM devices d LEFT JOIN LATERAL (SELECT count(*) n, count(DISTINCT seq)"
                     + " distinct_seq, min(seq) min_seq, max(seq) max_seq, bool_and(linked) all_linked,"
                     + " sum(duplicates) redelivered FROM reports r WHERE r.site = d.site AND r.device = d.device) x"
                     + " ON true")) {
            p.setLong(1, reports);
            p.setLong(2, reports);
            p.setLong(3, reports);
            p.setLong(4, reports);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                long expected = (long) devices * reports;
                long rows = rs.getLong(3);
                System.out.printf("  store: %,d devices, %,d contiguous to seq %d; %,d reports stored of %,d (lost %,d,"
                        + " stored twice 0: one row per (site, device, seq)); %,d deliveries of a report already"
                        + " stored (counted, not stored)%n", rs.getLong(1), rs.getLong(2), reports, rows, expected,
                        expected - rows, rs.getLong(4));
            }
            try (PreparedStatement size = c.prepareStatement("SELECT pg_total_relation_size('reports'),"
                    + " pg_relation_size('reports'), (SELECT count(*) FROM reports)"); ResultSet rs = size.executeQuery()) {
                rs.next();
                System.out.printf("  store size: reports table with its indexes and TOAST %,d MB, %,d bytes per report"
                        + " (heap alone %,d bytes)%n", rs.getLong(1) >> 20, rs.getLong(1) / Math.max(1, rs.getLong(3)),
                        rs.getLong(2) / Math.max(1, rs.getLong(3)));
            }
        }
    }

    private static Process startRegistry(RegistryFixture f, Path log) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx2g"));
        // e.g. -Dingest.registryJvmArgs=-XX:StartFlightRecording=filename=registry.jfr to profile the registry
        String extra = System.getProperty("ingest.registryJvmArgs", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.edgetally.registry.cli.RegistryMain", "serve", "--config", f.configFile.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static boolean connected(HttpClient http, URI status) {
        try {
            return Json.parseObject(http.send(HttpRequest.newBuilder(status).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).bool("brokerConnected");
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long cpu(List<Process> processes) {
        return processes.stream().mapToLong(p -> cpu(p.pid())).sum();
    }

    /** utime + stime of a process, in nanoseconds (from /proc; 100 ticks a second). */
    private static long cpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long cpuTree(long pid) {
        return Stream.concat(Stream.of(pid), ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)).mapToLong(IngestBenchmark::cpu).sum();
    }

    private static long selfCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
