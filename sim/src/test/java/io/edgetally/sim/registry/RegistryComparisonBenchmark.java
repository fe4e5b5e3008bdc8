package io.edgetally.sim.registry;

import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.verify.EnrolledDevice;
import io.edgetally.registry.load.Fleet;
import io.edgetally.registry.load.LoadGenerator;
import io.edgetally.registry.load.Scenario;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 12's comparison, side by side in one run: the same load (the registry's {@link LoadGenerator} fleet, its
 * precomputed signed chains, the reconnect storm: every device publishes its whole backlog at once) through a fresh
 * Debian Mosquitto with the registry benchmark's settings, first to the registry module (one instance, PostgreSQL),
 * then to the old SQLite reference registry of the simulator (its VerifyingAcceptor: the same signature, chain and
 * recompute checks). Each registry runs as a child process; a run ends when every device holds the ack of its last
 * seq, i.e. every report verified, committed and acknowledged. Prints reports/s end to end and the CPU per report of
 * the registry process (and of its PostgreSQL), the broker and the generator.
 *
 * <p>Run from the repository root (after {@code mvn -pl sim -am test-compile}):
 * {@code java -cp "$(cat sim/target/test-classpath.txt)" io.edgetally.sim.registry.RegistryComparisonBenchmark
 * [DEVICES=100] [REPORTS=1000] [CONNECTIONS=8]}; docs/benchmarks.md has the command that writes the class path.
 */
public final class RegistryComparisonBenchmark {

    /** The registry benchmark's broker settings (IngestBenchmark.BROKER_SETTINGS): nothing queued is dropped. */
    private static final String BROKER_SETTINGS = """
            max_queued_messages 0
            max_queued_bytes 0
            max_inflight_messages 1000
            max_connections -1
            set_tcp_nodelay true
            """;

    private record Run(String name, Fleet.Result result, long registryCpuNanos, long databaseCpuNanos,
                       long brokerCpuNanos, long generatorCpuNanos, long stored) {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int reports = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path target = Path.of("sim", "target").toAbsolutePath();
        Files.createDirectories(target);
        Path dir = Files.createTempDirectory(target, "registry-comparison");
        System.out.printf("registry comparison: %,d devices x %d reports = %,d, reconnect storm, %d generator"
                        + " connections; %d cores, load average %.2f; folder %s%n", devices, reports,
                (long) devices * reports, connections, Runtime.getRuntime().availableProcessors(), load(), dir);
        long t = System.nanoTime();
        List<LoadGenerator.SimDevice> fleet = LoadGenerator.prepareCached(target, devices, reports, 2026);
        System.out.printf("chains ready in %.1f s%n", (System.nanoTime() - t) / 1e9);

        List<Run> runs = new ArrayList<>();
        runs.add(registryModule(dir.resolve("new"), fleet, connections));
        runs.add(referenceRegistry(dir.resolve("old"), fleet, connections));

        System.out.println();
        System.out.printf("%-34s %12s %14s %14s %12s %12s %10s%n", "registry", "reports/s", "registry us/rep",
                "database us/rep", "broker us/rep", "loadgen us/rep", "stored");
        for (Run r : runs) {
            long n = r.result().reports();
            System.out.printf("%-34s %,12.0f %14.1f %14.1f %12.1f %12.1f %,10d%n", r.name(),
                    r.result().reportsPerSecond(), r.registryCpuNanos() / 1e3 / n, r.databaseCpuNanos() / 1e3 / n,
                    r.brokerCpuNanos() / 1e3 / n, r.generatorCpuNanos() / 1e3 / n, r.stored());
        }
        System.out.printf("load average at the end %.2f%n", load());
    }

    private static Run registryModule(Path dir, List<LoadGenerator.SimDevice> fleet, int connections)
            throws Exception {
        Files.createDirectories(dir);
        TestPostgres pg = TestPostgres.own(Files.createDirectories(dir.resolve("pg")));
        Process registry = null;
        try (MosquittoBroker broker = new MosquittoBroker(dir, BROKER_SETTINGS)) {
            String url = pg.newDatabase();
            RegistryFixture f = new RegistryFixture(dir, broker.uri(), url, pg.user(), "registry-compare", null,
                    0, 2, 500);
            try (Database db = f.openDatabase()) {
                Enrolments e = new Enrolments(db);
                for (LoadGenerator.SimDevice d : fleet) {
                    e.enrol(d.site(), d.device(), d.publicKey(), LoadGenerator.terms(), Instant.now());
                }
            }
            registry = child(dir.resolve("registry.log"), "edgetally-registry: serving",
                    "io.edgetally.registry.cli.RegistryMain", "serve", "--config", f.configFile.toString());
            long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid"))
                    .getFirst().strip());
            Run r = drive("registry module (PostgreSQL)", fleet, connections, broker, registry.pid(),
                    postmaster);
            long stored;
            try (Database db = f.openDatabase(); var c = db.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM reports WHERE linked")) {
                rs.next();
                stored = rs.getLong(1);
                c.commit();
            }
            return new Run(r.name(), r.result(), r.registryCpuNanos(), r.databaseCpuNanos(), r.brokerCpuNanos(),
                    r.generatorCpuNanos(), stored);
        } finally {
            stop(registry);
            pg.stop();
        }
    }

    private static Run referenceRegistry(Path dir, List<LoadGenerator.SimDevice> fleet, int connections)
            throws Exception {
        Files.createDirectories(dir);
        Path enrolment = dir.resolve("enrolment.csv");
        Files.write(enrolment, fleet.stream().map(d -> d.site() + "," + d.device() + "," + d.publicKey()).toList());
        Path db = dir.resolve("registry.db");
        Process registry = null;
        try (MosquittoBroker broker = new MosquittoBroker(dir, BROKER_SETTINGS)) {
            registry = child(dir.resolve("registry.log"), OldRegistryMain.READY, OldRegistryMain.class.getName(),
                    broker.uri(), db.toString(), enrolment.toString());
            Run r = drive("old reference registry (SQLite)", fleet, connections, broker, registry.pid(), 0);
            long stored;
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM reports")) {
                rs.next();
                stored = rs.getLong(1);
            }
            return new Run(r.name(), r.result(), r.registryCpuNanos(), 0, r.brokerCpuNanos(), r.generatorCpuNanos(),
                    stored);
        } finally {
            stop(registry);
        }
    }

    private static Run drive(String name, List<LoadGenerator.SimDevice> fleet, int connections,
                             MosquittoBroker broker, long registryPid, long databasePid) throws Exception {
        long[] before = {cpu(registryPid), databasePid == 0 ? 0 : cpuTree(databasePid), cpu(broker.pid()),
                selfCpu()};
        Fleet.Result r;
        try (Fleet f = Fleet.start(broker.uri(), fleet, connections, new Scenario.Storm(), Duration.ofSeconds(20))) {
            r = f.awaitComplete(Duration.ofMinutes(60));
        }
        long[] after = {cpu(registryPid), databasePid == 0 ? 0 : cpuTree(databasePid), cpu(broker.pid()),
                selfCpu()};
        System.out.println(name + ": " + r.describe());
        if (!r.complete()) {
            throw new IllegalStateException(name + " did not acknowledge every device's last seq");
        }
        return new Run(name, r, after[0] - before[0], after[1] - before[1], after[2] - before[2],
                after[3] - before[3], 0);
    }

    /** A JVM child on this class path, started once its output shows {@code ready}. */
    private static Process child(Path log, String ready, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch up = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.contains(ready)) {
                        up.countDown();
                    }
                }
            } catch (IOException e) {
                up.countDown();
            }
        });
        if (!up.await(90, TimeUnit.SECONDS) || !p.isAlive()) {
            p.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not come up: see " + log);
        }
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
                .map(ProcessHandle::pid)).mapToLong(RegistryComparisonBenchmark::cpu).sum();
    }

    private static long selfCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The old reference registry as a process of its own: broker URI, SQLite file, enrolment CSV. */
    public static final class OldRegistryMain {
        static final String READY = "old reference registry listening";

        public static void main(String[] args) throws Exception {
            List<EnrolledDevice> enrolled = Files.readAllLines(Path.of(args[2])).stream().map(l -> l.split(","))
                    .map(f -> EnrolledDevice.of(f[0], f[1], f[2])).toList();
            ReferenceRegistry r = new ReferenceRegistry(args[0], "reference-registry", Path.of(args[1]),
                    new VerifyingAcceptor(enrolled, MethodologyRegistry.builtIn()), Clock.systemUTC());
            r.start();
            System.out.println(READY);
            Runtime.getRuntime().addShutdownHook(new Thread(r::close));
            new CountDownLatch(1).await();
        }
    }
}
