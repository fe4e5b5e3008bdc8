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
import java.util.List;
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
 * either process is down), and the ledger books the meter register's delta to the Wh with seqs from 1 without a gap.
 * And run refuses {@code clock: simulator} against anything that does not announce itself as the simulator.
 */
class LockstepTwoProcessTest {

    private static final Duration CYCLE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

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
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + "-" + System.nanoTime() + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void killedAndRestartedInLockstepTheCureCarriesOnAndTheLedgerBooksTheMetersDelta() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path simDir = dir.resolve("sim");
        String[] sim = {"sim", "barn", "--lockstep", "--speed", "10000", "--dir", simDir.toString(),
                "--meter-port", Integer.toString(freePort()), "--io-port", Integer.toString(freePort())};
        Process simulator = start("sim", sim);
        Path config = simDir.resolve("edgetally.yaml");
        await().atMost(2, TimeUnit.MINUTES).until(() -> logs().contains("running until killed"));
        assertThat(Files.readString(config)).contains("clock: simulator");
        Process run = start("run", "run", "--config", config.toString());

        // four restarts of run and one of the simulator, each after 1 to 3 more barn-hours
        double hours = 0;
        for (int stop = 0; stop < 5; stop++) {
            hours += 1 + 2 * random.nextDouble();
            double until = hours;
            Process r = run;
            Process s = simulator;
            await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!r.isAlive() || !s.isAlive()) {
                    throw new AssertionError("a process stopped by itself (seed " + seed + "): " + logs());
                }
                return barnHours(simDir) > until;
            });
            if (stop == 2) {
                simulator.destroyForcibly(); // SIGKILL: the barn's world as saved after its last step
                assertThat(simulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
                simulator = start("sim", sim);
            } else {
                run.destroyForcibly();
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
                Instant barnAtKill = barnTime(simDir);
                assertThat(Duration.between(savedAt(), barnAtKill))
                        .as("kill %d (seed %d): the saved position is the last completed cycle's", stop, seed)
                        .isBetween(Duration.ZERO, CYCLE);
                run = start("run", "run", "--config", config.toString());
            }
        }
        double end = hours + 1;
        Process r = run;
        await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!r.isAlive()) {
                throw new AssertionError("run stopped by itself (seed " + seed + "): " + logs());
            }
            return barnHours(simDir) > end;
        });
        run.destroy(); // SIGTERM: the orderly stop
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        simulator.destroy();
        assertThat(simulator.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Path db = simDir.resolve("controller").resolve("edgetally.db");
        assertThat(count(db, "SELECT count(*) FROM batches")).as("one cure throughout").isEqualTo(1);
        List<Duration> outages = recordedOutages(db);
        assertThat(outages).as("a resumed event per start of run after the first").hasSize(4);
        assertThat(outages).as("the barn's time stood still while run was down (seed %d)", seed)
                .allSatisfy(o -> assertThat(o).isBetween(Duration.ZERO, CYCLE));
        List<TallyReport> ledger = ledger(db);
        assertThat(ledger.size()).as("15-minute records over %.1f barn-hours", end).isGreaterThan((int) (end * 4) - 3);
        for (int i = 0; i < ledger.size(); i++) {
            assertThat(ledger.get(i).seq()).as("seq contiguous from 1").isEqualTo(i + 1);
            if (i > 0) {
                assertThat(ledger.get(i).body().meter().startKwh())
                        .as("record %d starts where %d ended: no kWh twice, none lost", i + 1, i)
                        .isEqualByComparingTo(ledger.get(i - 1).body().meter().endKwh());
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

    private Instant savedAt() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sim/controller/edgetally.db"));
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
