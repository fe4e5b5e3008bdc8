package io.edgetally.sim.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.cli.Main;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.tally.DeviceKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process is killed with SIGKILL at random points of a cure, barn and controller together, as a power cut or a
 * crash would; started again on the same folder each time it resumes the same step with the process time of the last
 * completed cycle (at most one control cycle lost), records the outage from that cycle (within a cycle of the truth:
 * the simulated barn stands still while its process is down), the meter's count carries on, and the ledger continues
 * its chain with no kWh booked twice or lost.
 */
class BarnKillResumeTest {

    private static final Duration CYCLE = Duration.ofSeconds(15);
    private static final int KILLS = 4;

    @TempDir
    Path dir;

    private Process demo(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "io.edgetally.sim.cli.DevMain",
                "demo", "barn", "--out", dir.toString(), "--keep-world",
                "--cycle-seconds", Long.toString(CYCLE.toSeconds())));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("demo-" + System.nanoTime() + ".log").toFile()).start();
    }

    private record Position(int step, double stepElapsedS, double totalElapsedS, Instant savedAt) {}

    private Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("edgetally.db"));
    }

    private Position position() throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT step_index, step_elapsed_s, total_elapsed_s, saved_at FROM cure_position")) {
            return r.next() ? new Position(r.getInt(1), r.getDouble(2), r.getDouble(3), Instant.parse(r.getString(4)))
                    : null;
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The outages the {@code resumed} events recorded, oldest first ("outage PT15S, resumed main yellowing"). */
    private List<Duration> recordedOutages() throws SQLException {
        List<Duration> out = new ArrayList<>();
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT detail FROM events WHERE kind = 'resumed' ORDER BY id")) {
            while (r.next()) {
                String detail = r.getString(1);
                out.add(Duration.parse(detail.substring("outage ".length(), detail.indexOf(','))));
            }
        }
        return out;
    }

    private List<TallyReport> ledger() throws SQLException {
        List<TallyReport> out = new ArrayList<>();
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT payload FROM tally_records ORDER BY seq")) {
            while (r.next()) {
                out.add(TallyReportCodec.parse(r.getString(1).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    @Test
    void killedAtRandomPointsItResumesTheSameStepLosingAtMostOneCycleAndBooksEveryKwhOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Position killed = null;
        List<Instant> worldAtKills = new ArrayList<>();
        double lastBookedKwh = 0;
        int recordsBefore = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = kill == 0 ? demo("--speed", "20000") : demo("--resume", "--speed", "20000");
            // a random point: somewhere in the next 1 to 8 barn-hours of the cure (the first kill once the cure is
            // into main yellowing's hold)
            double afterS = (killed == null ? 0 : killed.totalElapsedS()) + 3600 * (1 + 7 * random.nextDouble());
            Position from = killed;
            await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the demo stopped before it could be killed (seed " + seed + "): "
                            + logs());
                }
                Position now = Files.exists(dir.resolve("edgetally.db")) ? safePosition() : null;
                return now != null && now.totalElapsedS() > afterS && (from != null || now.step() >= 2);
            });
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            killed = position();
            var world = new BarnWorldFile(dir.resolve("barn-world.json")).load();
            Instant worldAtKill = SimulatedBarn.START.plusMillis(Math.round(world.elapsedSeconds() * 1000));
            worldAtKills.add(worldAtKill);
            assertThat(Duration.between(killed.savedAt(), worldAtKill))
                    .as("kill %d (seed %d): the saved position is the last completed cycle's: at most one cycle "
                            + "behind the barn", kill, seed)
                    .isBetween(Duration.ZERO, CYCLE);
            List<TallyReport> before = ledger();
            assertThat(before.size()).isGreaterThanOrEqualTo(recordsBefore);
            recordsBefore = before.size();
            if (!before.isEmpty()) {
                lastBookedKwh = before.get(before.size() - 1).body().meter().endKwh().doubleValue();
            }
            assertThat(world.importKwh()).as("the meter never counts backwards across the kill")
                    .isGreaterThanOrEqualTo(lastBookedKwh);
        }

        double hoursAtKill = Duration.between(SimulatedBarn.START, worldAtKills.getLast()).toSeconds() / 3600.0;
        Process last = demo("--resume", "--max-hours", Integer.toString((int) Math.ceil(hoursAtKill) + 2));
        assertThat(last.waitFor(3, TimeUnit.MINUTES)).as("resumed demo ran its two hours and stopped").isTrue();

        assertThat(count("SELECT count(*) FROM batches")).as("the same batch, not a new cure").isEqualTo(1);
        List<Duration> outages = recordedOutages();
        assertThat(outages).as("one resumed event per restart").hasSize(KILLS);
        for (Duration outage : outages) {
            assertThat(outage).as("recorded outage (seed %d): the barn stood still while the process was down, so "
                    + "the truth is 0; recorded from the last completed cycle, within one cycle of it", seed)
                    .isBetween(Duration.ZERO, CYCLE);
        }
        long firstResumed = count("SELECT min(id) FROM events WHERE kind = 'resumed'");
        assertThat(count("SELECT count(*) FROM events WHERE kind = 'step-started' AND id > " + firstResumed
                + " AND code IN ('step-0', 'step-1', 'step-2')")).as("never restarted from an earlier step").isZero();
        Position after = position();
        assertThat(after.step()).isGreaterThanOrEqualTo(killed.step());
        assertThat(after.totalElapsedS()).isGreaterThanOrEqualTo(killed.totalElapsedS());
        if (after.step() == killed.step()) {
            assertThat(after.stepElapsedS()).as("process time in the step carried on, not reset")
                    .isGreaterThanOrEqualTo(killed.stepElapsedS());
        }

        List<TallyReport> all = ledger();
        assertThat(all.size()).isGreaterThan(recordsBefore);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).seq()).as("seq contiguous from 1").isEqualTo(i + 1);
            if (i > 0) {
                assertThat(all.get(i).body().meter().startKwh())
                        .as("record %d starts where %d ended: no kWh twice, none lost", i + 1, i)
                        .isEqualByComparingTo(all.get(i - 1).body().meter().endKwh());
                assertThat(all.get(i).body().prevHash()).isEqualTo(all.get(i - 1).hash());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String key = DeviceKeys.load(DeviceKeys.fileIn(dir)).publicKeyBase64();
        int verdict = Main.cli().run(new String[] {"verify", "--db", dir.resolve("edgetally.db").toString(), "--pubkey", key},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(verdict).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }

    private String logs() throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                b.append(Files.readString(log));
            }
        }
        return b.toString();
    }

    private Position safePosition() {
        try {
            return position();
        } catch (SQLException e) {
            return null; // the database is being created
        }
    }
}
