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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process is killed with SIGKILL in the middle of a step, barn and controller together, as a power cut or a
 * crash would; started again on the same folder it resumes the same step with the same process time (within one
 * persistence interval), the meter's count carries on, and the ledger continues its chain with no kWh booked
 * twice or lost.
 */
class BarnKillResumeTest {

    @TempDir
    Path dir;

    private Process demo(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "io.edgetally.sim.cli.DevMain",
                "demo", "barn", "--out", dir.toString(), "--keep-world"));
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
    void killedMidStepItResumesTheSameStepAndBooksEveryKwhOnce() throws Exception {
        Process first = demo("--speed", "20000");
        // wait until the cure is into main yellowing's hold with some process time counted
        await().atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!first.isAlive()) {
                throw new AssertionError("the demo stopped before it could be killed: " + logs());
            }
            Position p = Files.exists(dir.resolve("edgetally.db")) ? safePosition() : null;
            return p != null && p.step() == 2 && p.stepElapsedS() > 3600;
        });
        first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Position killed = position();
        var world = new BarnWorldFile(dir.resolve("barn-world.json")).load();
        Instant worldAtKill = SimulatedBarn.START.plusMillis(Math.round(world.elapsedSeconds() * 1000));
        assertThat(Duration.between(killed.savedAt(), worldAtKill))
                .as("the saved position is at most one persistence interval (60 s) and a cycle old")
                .isLessThanOrEqualTo(Duration.ofSeconds(75));
        List<TallyReport> before = ledger();
        assertThat(before).isNotEmpty();
        double lastBookedKwh = before.get(before.size() - 1).body().meter().endKwh().doubleValue();
        assertThat(world.importKwh()).as("the meter never counts backwards across the kill")
                .isGreaterThanOrEqualTo(lastBookedKwh);

        double hoursAtKill = world.elapsedSeconds() / 3600;
        Process second = demo("--resume", "--max-hours", Integer.toString((int) Math.ceil(hoursAtKill) + 2));
        assertThat(second.waitFor(3, TimeUnit.MINUTES)).as("resumed demo ran its two hours and stopped").isTrue();

        assertThat(count("SELECT count(*) FROM batches")).as("the same batch, not a new cure").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM events WHERE kind = 'resumed'")).isEqualTo(1);
        long resumedId = count("SELECT id FROM events WHERE kind = 'resumed'");
        assertThat(count("SELECT count(*) FROM events WHERE kind = 'step-started' AND id > " + resumedId
                + " AND code IN ('step-0', 'step-1', 'step-2')")).as("never restarted from an earlier step").isZero();
        Position after = position();
        assertThat(after.step()).isGreaterThanOrEqualTo(killed.step());
        assertThat(after.totalElapsedS()).isGreaterThanOrEqualTo(killed.totalElapsedS());
        if (after.step() == killed.step()) {
            assertThat(after.stepElapsedS()).as("process time in the step carried on, not reset")
                    .isGreaterThanOrEqualTo(killed.stepElapsedS());
        }

        List<TallyReport> all = ledger();
        assertThat(all.size()).isGreaterThan(before.size());
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
