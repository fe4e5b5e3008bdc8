package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.config.SiteConfig;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.sim.registry.RegistryUnderTest;
import io.edgetally.sim.site.BarnWorldFile;
import io.edgetally.sim.site.SimulatedBarn;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One barn as a site runs it, every part its own process or server: Debian's Mosquitto on a free loopback port, the
 * registry that ships on it (its own database on the test PostgreSQL, the device enrolled with the key in its data
 * folder before it first connects), {@code edgetally sim barn --lockstep --broker URL --registry-key KEY} and
 * {@code edgetally run} on the config it prints, both as OS processes. The test kills and restarts what it likes;
 * {@link #finish} ends the run in order once everything the device booked is acknowledged.
 */
final class TwoProcessBarn implements AutoCloseable {

    static final String SITE = "sim-barn";
    static final String DEVICE = "barn-01";
    static final Duration CYCLE = Duration.ofSeconds(15);

    /** A row of the device's ledger, which is also its outbox. */
    record DeviceRecord(long seq, String payload, String hash, boolean acked) {}

    private final Path dir;
    private final Path simDir;
    private final String label;
    private final MosquittoBroker broker;
    private final RegistryUnderTest registry;
    private final String[] simArgs;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Path operatorSecret;
    private Optional<TestOperator> operator = Optional.empty();
    private Process simulator;
    private Process run;

    private TwoProcessBarn(Path dir, String label, MosquittoBroker broker, RegistryUnderTest registry,
                           String[] simArgs, Path operatorSecret) {
        this.operatorSecret = operatorSecret;
        this.dir = dir;
        this.simDir = dir.resolve("sim");
        this.label = label;
        this.broker = broker;
        this.registry = registry;
        this.simArgs = simArgs;
    }

    /** Starts the broker, the registry, the simulator (barn model seed {@code barnSeed}) and run, in {@code dir}. */
    static TwoProcessBarn start(Path dir, String label, int barnSeed) throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        Files.createDirectories(dir.resolve("registry"));
        MosquittoBroker broker = new MosquittoBroker(dir.resolve("broker"), Optional.empty());
        RegistryUnderTest registry;
        try {
            registry = RegistryUnderTest.start(dir.resolve("registry"), broker.uri());
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
        int coapPort = freeUdpPair();
        String[] sim = {"sim", "barn", "--lockstep", "--speed", "10000", "--dir", dir.resolve("sim").toString(),
                "--meter-port", Integer.toString(freePort()), "--io-port", Integer.toString(freePort()),
                "--coap-port", Integer.toString(coapPort),
                "--seed", Integer.toString(barnSeed), "--broker", broker.uri(), "--registry-key", registry.publicKey()};
        Path secret = Files.writeString(dir.resolve("operator.psk"), "secret-of-" + label + "-0123456789");
        TwoProcessBarn barn = new TwoProcessBarn(dir, label, broker, registry, sim, secret);
        try {
            barn.startSimulator();
            String yaml = Files.readString(barn.config());
            assertThat(yaml).contains("clock: simulator").contains("broker: " + broker.uri())
                    .contains("registry-key: " + registry.publicKey());
            // enrolled with the device's key before the device first connects, as an installer does
            registry.enrolSite(SiteConfig.load(barn.config()));
            barn.startRun();
            barn.operator = Optional.of(new TestOperator(coapPort, coapPort + 1, Files.readString(secret)));
            return barn;
        } catch (Exception | Error e) {
            barn.close();
            throw e;
        }
    }

    Path config() {
        return simDir.resolve("edgetally.yaml");
    }

    Path deviceDb() {
        return simDir.resolve("controller").resolve("edgetally.db");
    }

    Path worldFile() {
        return simDir.resolve("barn-world.json");
    }

    RegistryUnderTest registry() {
        return registry;
    }

    MosquittoBroker broker() {
        return broker;
    }

    /** How far the barn's cure is, in barn-hours, as its simulator last saved it. */
    double barnHours() {
        BarnWorldFile world = new BarnWorldFile(worldFile());
        try {
            return world.exists() ? world.load().elapsedSeconds() / 3600 : 0;
        } catch (RuntimeException e) {
            return 0; // being replaced
        }
    }

    Instant barnTime() {
        return SimulatedBarn.START.plusMillis(Math.round(barnHours() * 3_600_000));
    }

    /** Waits until the barn is past {@code hours}; fails at once, with the logs, if either process stopped. */
    void awaitBarnHours(double hours, String why) {
        await().atMost(5, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertAlive(why);
            return barnHours() > hours;
        });
    }

    private void assertAlive(String why) throws IOException {
        if (!run.isAlive() || !simulator.isAlive()) {
            throw new AssertionError(label + ": " + (run.isAlive() ? "sim barn" : "run") + " stopped by itself ("
                    + why + "): " + logTails());
        }
    }

    /** SIGKILL to run, then run started again on the same config; returns the barn time it was killed at. */
    Instant killRun(String why) throws Exception {
        run.destroyForcibly();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("run killed (%s)", why).isTrue();
        Instant barnAtKill = barnTime();
        assertThat(Duration.between(savedAt(), barnAtKill))
                .as("%s: the saved position is the last completed cycle's (%s)", label, why).isBetween(Duration.ZERO, CYCLE);
        startRun();
        return barnAtKill;
    }

    /** SIGKILL to the simulator, then started again on its folder and ports: the barn as saved after its last step. */
    void killSimulator(String why) throws Exception {
        simulator.destroyForcibly();
        assertThat(simulator.waitFor(30, TimeUnit.SECONDS)).as("sim barn killed (%s)", why).isTrue();
        startSimulator();
    }

    /**
     * Ends the run once the barn is past {@code hours} and the registry holds every record the device booked: the
     * simulator is stopped (SIGTERM; the barn's time stands still from then on), the records of its last cycles are
     * awaited at the registry, then run is stopped (SIGTERM). Returns the barn-hours it ended at.
     */
    double finish(double hours, String why) throws Exception {
        // a bound for a whole cure on a loaded 2-core machine, not a target: the test prints what it took
        await().atMost(20, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertAlive(why);
            return barnHours() > hours && allDelivered();
        });
        simulator.destroy();
        assertThat(simulator.waitFor(60, TimeUnit.SECONDS)).as("sim barn stopped (%s)", why).isTrue();
        double end = barnHours();
        await().atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!run.isAlive()) {
                throw new AssertionError(label + ": run stopped by itself (" + why + "): " + logTails());
            }
            return allDelivered();
        });
        run.destroy();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run stopped (%s)", why).isTrue();
        return end;
    }

    /** Every record the device booked is acknowledged on the device and held by the registry. */
    private boolean allDelivered() throws SQLException {
        if (!Files.exists(deviceDb())) {
            return false;
        }
        long max = count("SELECT COALESCE(MAX(seq), 0) FROM tally_records");
        return max > 0 && count("SELECT count(*) FROM tally_records WHERE acked_at IS NULL") == 0
                && registry.highestContiguous(SITE, DEVICE) == max;
    }

    List<DeviceRecord> deviceRecords() throws SQLException {
        List<DeviceRecord> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + deviceDb()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT seq, payload, hash, acked_at FROM tally_records ORDER BY seq")) {
            while (r.next()) {
                out.add(new DeviceRecord(r.getLong(1), r.getString(2), r.getString(3), r.getString(4) != null));
            }
        }
        return out;
    }

    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + deviceDb()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + deviceDb()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private Instant savedAt() throws SQLException {
        List<String> saved = strings("SELECT saved_at FROM cure_position");
        assertThat(saved).as("%s: one cure position", label).hasSize(1);
        return Instant.parse(saved.getFirst());
    }

    /** Every line of run's logs (all its starts) that contains {@code text}. */
    List<String> runLogLines(String text) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path log : logs) {
            if (log.getFileName().toString().startsWith("run-")) {
                Files.readAllLines(log).stream().filter(l -> l.contains(text)).forEach(out::add);
            }
        }
        return out;
    }

    private void startSimulator() throws IOException {
        Process p = start("sim", simArgs);
        Path log = logs.getLast();
        await().atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError(label + ": sim barn stopped at start: " + logTails());
            }
            return Files.readString(log).contains("running until killed");
        });
        simulator = p;
        // the operator's key, in the coap section the printed config ends with (the simulator writes it anew at
        // each start, before it says it runs; run reads it at its next start)
        String yaml = Files.readString(config());
        assertThat(yaml.stripTrailing()).as("the printed config ends with its coap section").endsWith(
                "dtls-port: " + (Integer.parseInt(simArgs[Arrays.asList(simArgs).indexOf("--coap-port") + 1]) + 1));
        Files.writeString(config(), yaml.stripTrailing() + "\n  psk-identity: " + TestOperator.IDENTITY
                + "\n  psk-secret-file: " + operatorSecret.toAbsolutePath() + "\n");
    }

    private void startRun() throws IOException {
        run = start("run", "run", "--config", config().toString());
    }

    private Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), "io.edgetally.sim.cli.DevMain"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve(name + "-" + String.format("%03d", logs.size()) + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        logs.add(log);
        return p;
    }

    /** The end of the latest logs of each kind, for a failure's message. */
    String logTails() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String kind : List.of("sim-", "run-")) {
            Optional<Path> last = logs.reversed().stream().filter(l -> l.getFileName().toString().startsWith(kind))
                    .findFirst();
            if (last.isPresent()) {
                String text = Files.readString(last.get());
                b.append("\n== ").append(last.get()).append('\n')
                        .append(text.substring(Math.max(0, text.length() - 6000)));
            }
        }
        return b.toString();
    }

    /** A UDP port on loopback free now whose next one is free too: plain CoAP and DTLS. */
    private static int freeUdpPair() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                int port = a.getLocalPort();
                if (port < 65535) {
                    try (DatagramSocket b = new DatagramSocket(new InetSocketAddress("127.0.0.1", port + 1))) {
                        return port;
                    } catch (IOException taken) {
                        // try another
                    }
                }
            }
        }
        throw new IOException("no two adjacent free UDP ports on loopback");
    }

    /** How many step confirmations the operator made that the device accepted. */
    int confirmations() {
        return operator.map(TestOperator::confirmed).orElse(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        operator.ifPresent(o -> {
            try {
                o.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (Process p : started) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        registry.close();
        broker.close();
    }
}
