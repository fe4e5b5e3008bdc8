package io.edgetally.sim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.cli.Cli;
import io.edgetally.config.BarnConfig;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.sim.cli.DevMain;
import io.edgetally.sim.site.BarnWorldFile;
import io.edgetally.sim.site.SimulatedBarn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgetally sim barn --lockstep} and {@code edgetally run} as two OS processes, the barn's time moving one
 * cycle per cycle run completes: run is killed with SIGKILL at random points and started again, the simulator is
 * killed and started again on its folder and ports; the cure carries on in the same batch, each restart loses at
 * most the cycle in progress and records an outage within a cycle of the truth (the barn's time stands still while
 * either process is down), and the ledger books the meter register's delta to the Wh with seqs from 1 without a gap;
 * the same barn run again without a stop books within {@link #TOLERANCE_FRACTION} of it (usually the very same
 * registers, interval by interval: run takes up its control memory and the simulator its relays and probes). And run
 * refuses {@code clock: simulator} against anything that does not announce itself as the simulator.
 */
class LockstepTwoProcessTest {

    private static final Duration CYCLE = Duration.ofSeconds(15);
    /**
     * How close the interrupted cure's kWh must come to the uninterrupted one's, as a fraction. Usually they are equal
     * to the Wh, interval by interval (the restarts take up run's control memory and the simulator's relays and
     * probes); one run of four differed by 1.4 % after 4 barn-hours (seed 34705902067077, cause not found yet), and
     * a kill in the cycle after a quarter-hour boundary moves that interval's end by a cycle. The bound catches a
     * cure that loses or doubles an interval.
     */
    private static final double TOLERANCE_FRACTION = 0.05;
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final Map<Process, Path> logOf = new HashMap<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), "io.edgetally.sim.cli.DevMain"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve(name + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        logOf.put(p, log);
        return p;
    }

    /** Starts the simulator and waits until it answers on its ports. */
    private Process startSimulator(String[] args) throws IOException {
        Process p = start("sim", args);
        await().atMost(2, TimeUnit.MINUTES).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("sim barn stopped: " + logs());
            }
            return Files.readString(logOf.get(p)).contains("running until killed");
        });
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The barn-hours each run lasts. */
    private static final double HOURS = 8;

    @Test
    void killedAndRestartedInLockstepTheCureCarriesOnAndTheLedgerBooksTheMetersDelta() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // four kills of run and one of the simulator (the third stop), at random barn-hours
        List<Double> stops = random.doubles(5, 1, HOURS - 1).sorted().boxed().toList();
        Path simDir = dir.resolve("sim");
        Path db = cure(simDir, stops, seed);

        assertThat(count(db, "SELECT count(*) FROM batches")).as("one cure throughout").isEqualTo(1);
        List<Duration> outages = recordedOutages(db);
        assertThat(outages).as("a resumed event per start of run after the first").hasSize(4);
        assertThat(outages).as("the barn's time stood still while run was down (seed %d)", seed)
                .allSatisfy(o -> assertThat(o).isBetween(Duration.ZERO, CYCLE));
        List<TallyReport> ledger = ledger(db);
        assertThat(ledger.size()).as("15-minute records over %.0f barn-hours", HOURS)
                .isGreaterThan((int) (HOURS * 4) - 3);
        for (int i = 0; i < ledger.size(); i++) {
            assertThat(ledger.get(i).seq()).as("seq contiguous from 1").isEqualTo(i + 1);
            if (i > 0) {
                assertThat(ledger.get(i).body().meter().startKwh())
                        .as("record %d starts where %d ended: no kWh twice, none lost", i + 1, i)
                        .isEqualByComparingTo(ledger.get(i - 1).body().meter().endKwh());
                assertThat(ledger.get(i).body().periodStart()).isEqualTo(ledger.get(i - 1).body().periodEnd());
            }
        }
        double booked = ledger.stream().mapToDouble(t -> t.body().meter().endKwh().doubleValue()
                - t.body().meter().startKwh().doubleValue()).sum();
        double registerDelta = ledger.getLast().body().meter().endKwh().doubleValue()
                - ledger.getFirst().body().meter().startKwh().doubleValue();
        assertThat(booked).as("booked energy = the meter register's delta, to the Wh")
                .isCloseTo(registerDelta, org.assertj.core.data.Offset.offset(0.001));
        double meterNow = new BarnWorldFile(simDir.resolve("barn-world.json")).load().importKwh();
        assertThat(meterNow - ledger.getLast().body().meter().endKwh().doubleValue())
                .as("what is not booked yet is at most the interval in progress (54 kW for 15 min)")
                .isBetween(0.0, 54.0 * 0.25 + 0.5);
        assertThat(ledger.getFirst().body().meter().startKwh().doubleValue()).as("booked from the cure's start")
                .isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.5));

        // the same barn (same seed) and controller, never interrupted: the kills change nothing the meter sees
        List<TallyReport> uninterrupted = ledger(cure(dir.resolve("whole"), List.of(), seed));
        Map<Instant, TallyReport> wholeAt = new HashMap<>();
        uninterrupted.forEach(t -> wholeAt.put(t.body().periodEnd(), t));
        List<TallyReport> common = ledger.stream().filter(t -> wholeAt.containsKey(t.body().periodEnd())).toList();
        assertThat(common.size()).as("intervals both runs booked").isGreaterThan(ledger.size() - 3);
        long equal = common.stream().filter(t -> Math.abs(t.body().meter().endKwh().doubleValue()
                - wholeAt.get(t.body().periodEnd()).body().meter().endKwh().doubleValue()) < 0.0005).count();
        TallyReport last = common.getLast();
        double killedKwh = last.body().meter().endKwh().doubleValue();
        double wholeKwh = wholeAt.get(last.body().periodEnd()).body().meter().endKwh().doubleValue();
        System.out.printf(java.util.Locale.ROOT, "lockstep, seed %d: %d of %d intervals end on the same register to "
                + "the Wh; by %s interrupted %.3f kWh, uninterrupted %.3f kWh%n", seed, equal, common.size(),
                last.body().periodEnd(), killedKwh, wholeKwh);
        assertThat(killedKwh).as("kWh booked by %s, interrupted vs uninterrupted (seed %d)", last.body().periodEnd(),
                seed).isCloseTo(wholeKwh, org.assertj.core.data.Offset.offset(wholeKwh * TOLERANCE_FRACTION));
    }

    /**
     * Runs sim barn --lockstep and run in {@code simDir} for {@link #HOURS} barn-hours, stopping at each of
     * {@code stops} (barn-hours, ascending): the third stop kills the simulator, the others run, each restarted at
     * once; ends with SIGTERM to both. Returns run's database.
     */
    private Path cure(Path simDir, List<Double> stops, long seed) throws Exception {
        String[] sim = {"sim", "barn", "--lockstep", "--speed", "10000", "--dir", simDir.toString(),
                "--meter-port", Integer.toString(freePort()), "--io-port", Integer.toString(freePort())};
        Process simulator = startSimulator(sim);
        Path config = simDir.resolve("edgetally.yaml");
        assertThat(Files.readString(config)).contains("clock: simulator");
        Process run = start("run", "run", "--config", config.toString());
        for (int stop = 0; stop <= stops.size(); stop++) {
            double until = stop < stops.size() ? stops.get(stop) : HOURS;
            Process r = run;
            Process s = simulator;
            await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!r.isAlive() || !s.isAlive()) {
                    throw new AssertionError("a process stopped by itself (seed " + seed + "): " + logs());
                }
                return barnHours(simDir) > until;
            });
            if (stop == stops.size()) {
                break;
            }
            if (stop == 2) {
                simulator.destroyForcibly(); // SIGKILL: the barn's world as saved after its last step
                assertThat(simulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
                simulator = startSimulator(sim);
            } else {
                run.destroyForcibly();
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
                Instant barnAtKill = barnTime(simDir);
                assertThat(Duration.between(savedAt(simDir), barnAtKill))
                        .as("kill %d (seed %d): the saved position is the last completed cycle's", stop, seed)
                        .isBetween(Duration.ZERO, CYCLE);
                run = start("run", "run", "--config", config.toString());
            }
        }
        run.destroy(); // SIGTERM: the orderly stop
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        simulator.destroy();
        assertThat(simulator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return simDir.resolve("controller").resolve("edgetally.db");
    }

    @Test
    void runRefusesTheSimulatorsClockFromADeviceThatDoesNotAnnounceIt() throws Exception {
        // a simulator in real time serves no clock: to run it is a device like any other
        try (StandaloneBarn sim = new StandaloneBarn(new StandaloneBarn.Options(dir, BarnConfig.Heating.RESISTIVE,
                1.0, 0, 0, Optional.empty(), 7))) {
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, sim.configYaml().replace("cycle: 15s\n", "cycle: 15s\nclock: simulator\n"));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = DevMain.cli().run(new String[] {"run", "--config", file.toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(Cli.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not announce itself as edgetally's "
                    + "simulator").contains("tcp://127.0.0.1:" + sim.ioPort() + " unit 100").contains("real I/O");
        }
        // real I/O: relays on GPIO pins
        Path gpio = dir.resolve("gpio.yaml");
        Files.writeString(gpio, Files.readString(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("deploy-scripts/examples/barn.yaml")).replace("cycle: 15s", "cycle: 15s\nclock: simulator"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DevMain.cli().run(new String[] {"run", "--config", gpio.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("clock: simulator").contains("real I/O");
    }

    private static double barnHours(Path simDir) {
        BarnWorldFile world = new BarnWorldFile(simDir.resolve("barn-world.json"));
        try {
            return world.exists() ? world.load().elapsedSeconds() / 3600 : 0;
        } catch (RuntimeException e) {
            return 0; // being replaced
        }
    }

    private static Instant barnTime(Path simDir) {
        return SimulatedBarn.START.plusMillis(Math.round(barnHours(simDir) * 3_600_000));
    }

    private static Instant savedAt(Path simDir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + simDir.resolve("controller/edgetally.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT saved_at FROM cure_position")) {
            assertThat(r.next()).isTrue();
            return Instant.parse(r.getString(1));
        }
    }

    private static long count(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<Duration> recordedOutages(Path db) throws SQLException {
        List<Duration> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT detail FROM events WHERE kind = 'resumed' ORDER BY id")) {
            while (r.next()) {
                String detail = r.getString(1);
                out.add(Duration.parse(detail.substring("outage ".length(), detail.indexOf(','))));
            }
        }
        return out;
    }

    private static List<TallyReport> ledger(Path db) throws SQLException {
        List<TallyReport> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT payload FROM tally_records ORDER BY seq")) {
            while (r.next()) {
                out.add(TallyReportCodec.parse(r.getString(1).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                b.append("== ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return b.toString();
    }
}
