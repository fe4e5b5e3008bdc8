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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Registry ingest end to end: N devices' precomputed signed chains published through a real Mosquitto to the
 * registry (a child process, as on a server) on a real PostgreSQL, until every report is verified, committed and
 * acknowledged. Prints reports/s and the CPU time per report of each process (registry, PostgreSQL, broker, load
 * generator) and, inside the registry, per stage.
 *
 * <p>Run: {@code mvn -B -q -pl protocol,registry -am test-compile}, then from {@code registry/}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/test-classpath.txt)
 * io.edgetally.registry.load.IngestBenchmark [devices] [reports] [connections] [workers] [batch]}
 * (docs/benchmarks.md gives the classpath command). To point the same load at another registry, use
 * {@link LoadGenerator#main}.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int reports = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        long seed = 2026;
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "ingest-benchmark");
        System.out.printf("ingest benchmark: %d devices x %d reports = %,d, %d connections, %d workers, batch %d;"
                + " folder %s%n", devices, reports, devices * reports, connections, workers, batch, dir);

        long t = System.nanoTime();
        List<LoadGenerator.SimDevice> fleet = LoadGenerator.prepare(devices, reports, seed);
        System.out.printf("chains signed in %.1f s (%,d bytes per report)%n", (System.nanoTime() - t) / 1e9,
                fleet.getFirst().chain().getFirst().length);

        TestPostgres pg = TestPostgres.own(Files.createDirectories(dir.resolve("pg")));
        Process registry = null;
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            String url = pg.newDatabase();
            int httpPort = MosquittoBroker.freePort();
            RegistryFixture f = new RegistryFixture(dir, broker.uri(), url, pg.user(), "registry-bench", null,
                    httpPort, workers, batch);
            try (Database db = f.openDatabase()) {
                Enrolments e = new Enrolments(db);
                for (LoadGenerator.SimDevice d : fleet) {
                    e.enrol(d.site(), d.device(), d.publicKey(), LoadGenerator.terms(), Instant.now());
                }
            }
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-Xmx2g"));
            // e.g. -Dingest.registryJvmArgs=-XX:StartFlightRecording=filename=registry.jfr to profile the registry
            String extra = System.getProperty("ingest.registryJvmArgs", "");
            if (!extra.isBlank()) {
                command.addAll(List.of(extra.strip().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    "io.edgetally.registry.cli.RegistryMain", "serve", "--config", f.configFile.toString()));
            registry = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
                    .start();
            HttpClient http = HttpClient.newHttpClient();
            URI status = URI.create("http://127.0.0.1:" + httpPort + "/api/status");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!connected(http, status)) {
                if (System.nanoTime() > deadline || !registry.isAlive()) {
                    throw new IllegalStateException("the registry did not come up: see " + dir.resolve("registry.log"));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
            }
            long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).getFirst()
                    .strip());
            long[] before = {cpu(registry.pid()), cpuTree(postmaster), cpu(broker.pid()), selfCpu()};
            LoadGenerator.Result r = LoadGenerator.run(broker.uri(), fleet, connections, Duration.ofMinutes(20));
            long[] after = {cpu(registry.pid()), cpuTree(postmaster), cpu(broker.pid()), selfCpu()};
            JsonObject s = Json.parseObject(http.send(HttpRequest.newBuilder(status).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            long n = (long) devices * reports;
            System.out.printf("%,d of %d devices acked to their last seq; %,d reports in %.1f s = %,.0f reports/s end"
                    + " to end (verified, committed, acknowledged); %,d acks received%n", r.devicesComplete(), devices,
                    n, r.elapsed().toNanos() / 1e9, r.reportsPerSecond(), r.acksReceived());
            String[] names = {"registry", "postgresql", "mosquitto", "load generator"};
            long total = 0;
            for (int i = 0; i < 4; i++) {
                long us = (after[i] - before[i]) / 1000;
                total += us;
                System.out.printf("  CPU %-15s %8.1f us per report%n", names[i], us / (double) n);
            }
            System.out.printf("  CPU %-15s %8.1f us per report (machine: %d cores, load average %.1f at the end)%n",
                    "all", total / (double) n, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            JsonObject threads = s.object("threadCpuNanos");
            System.out.printf("  registry threads since start (CPU us per report): verify (parse, signature, recompute)"
                    + " %.1f, commit (JDBC, ack signing and publishing) %.1f, batching %.1f, MQTT I/O %.1f, other (JIT,"
                    + " GC, HTTP) %.1f%n", threads.longValue("verify") / 1e3 / n, threads.longValue("commit") / 1e3 / n,
                    threads.longValue("batch") / 1e3 / n, threads.longValue("mqtt") / 1e3 / n,
                    threads.longValue("other") / 1e3 / n);
            JsonObject stages = s.object("stageNanos");
            System.out.printf("  registry stages, wall clock per report: verify %.1f us, commit %.1f us, acks and"
                    + " PUBACKs %.1f us; stored %d, duplicates %d, rejected %d, commit failures %d%n",
                    stages.longValue("verify") / 1e3 / n, stages.longValue("commit") / 1e3 / n,
                    stages.longValue("ackAndPuback") / 1e3 / n, s.longValue("stored"), s.longValue("duplicates"),
                    s.longValue("rejected"), s.longValue("commitFailures"));
            try (Database db = Database.open(url, pg.user(), ""); Connection c = db.connection();
                 PreparedStatement p = c.prepareStatement("SELECT count(*), sum(head_seq) FROM devices d, LATERAL"
                         + " (SELECT count(*) FROM reports r WHERE r.site = d.site AND r.device = d.device) x");
                 ResultSet rs = p.executeQuery()) {
                rs.next();
                System.out.printf("  store: %d devices, heads sum to %,d (expected %,d)%n", rs.getLong(1),
                        rs.getLong(2), n);
            }
        } finally {
            if (registry != null) {
                registry.destroy();
                registry.waitFor(20, TimeUnit.SECONDS);
            }
            pg.stop();
        }
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
