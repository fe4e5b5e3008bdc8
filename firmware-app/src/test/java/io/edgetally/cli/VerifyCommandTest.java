package io.edgetally.cli;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.store.Database;
import io.edgetally.tally.DeviceKeys;
import io.edgetally.tally.LedgerConfig;
import io.edgetally.tally.LedgerService;
import io.edgetally.tally.MeterConfig;
import io.edgetally.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code edgetally verify} over a real station ledger file and a JSON-lines export. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    private Path dbFile;
    private String publicKey;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void bookAStationDay() {
        dbFile = dir.resolve("station.db");
        ManualClock clock = new ManualClock(Instant.parse("2026-08-01T00:00:00Z"));
        LedgerConfig config = new LedgerConfig("yibin-03", "station-1", SiteKind.SWAP_STATION,
                MeterConfig.defaults(new BigDecimal("2400")),
                AccountingPlan.of(new MethodologyChoice("swap-diesel", "1", Map.of("chargeEfficiency",
                        new BigDecimal("0.93"))), "CN-SC", 2022));
        DeviceKeys keys = DeviceKeys.loadOrCreate(dir.resolve("device.pem"));
        publicKey = keys.publicKeyBase64();
        try (Database db = Database.open(dbFile)) {
            LedgerService ledger = new LedgerService(db, config, keys, MethodologyRegistry.builtIn(), () -> true,
                    clock);
            double kwh = 31_000.5;
            for (int m = 0; m <= 6 * 60 + 5; m += 5) {
                ledger.onReading(new MeterReading.Ok("SDM630#9", kwh, 100_000, clock.instant()));
                clock.advance(Duration.ofMinutes(5));
                kwh += 41.25;
            }
        }
    }

    private int verify(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "verify";
        System.arraycopy(args, 0, line, 1, args.length);
        return Main.cli().run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLedgerFileVerifiesCleanWithItsTotals() {
        assertThat(verify("--db", dbFile.toString(), "--pubkey", publicKey)).as(err.toString()).isZero();
        assertThat(output()).contains("yibin-03/station-1: chain to seq 24, 24 accepted, missing seqs: none")
                .contains("energy 2970 kWh").contains("dieselLitres").contains("result: CLEAN");
    }

    @Test
    void anEditedRecordInTheFileIsFoundAndNamed() throws Exception {
        try (Database db = Database.open(dbFile)) {
            db.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE tally_records SET payload = replace(payload, '\"energyKwh\":123.75',"
                                + " '\"energyKwh\":223.75') WHERE seq = 7")) {
                    return p.executeUpdate();
                }
            });
        }
        assertThat(verify("--db", dbFile.toString(), "--pubkey", "yibin-03/station-1=" + publicKey)).isEqualTo(1);
        assertThat(output()).contains("REJECTED record 7 (yibin-03/station-1 seq 7): HASH hash")
                .contains("TALLY energyKwh: expected 123.75").contains("result: PROBLEMS");
    }

    /** The ledger's records, one report per line, as an export or an MQTT capture holds them. */
    private List<String> payloads() {
        try (Database db = Database.open(dbFile)) {
            return db.inTransaction(c -> {
                List<String> payloads = new ArrayList<>();
                try (var rs = c.createStatement().executeQuery("SELECT payload FROM tally_records ORDER BY seq")) {
                    while (rs.next()) {
                        payloads.add(rs.getString(1));
                    }
                }
                return payloads;
            });
        }
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFileThatIsNotJsonLinesIsNamedWithItsLine() throws Exception {
        Path csv = dir.resolve("export.csv");
        Files.writeString(csv, "\nseq,energyKwh\n1,41.25\n");
        assertThat(verify("--jsonl", csv.toString(), "--pubkey", publicKey)).isEqualTo(2);
        assertThat(errors()).contains("edgetally verify: " + csv + " line 2: not a JSON report (")
                .contains("one report per line");

        // one bad line among good ones: the audit goes on and names the line, not its position among records
        List<String> lines = new ArrayList<>(payloads());
        lines.add(3, "");
        lines.add(4, "<html>502 Bad Gateway</html>");
        Path jsonl = dir.resolve("capture.jsonl");
        Files.write(jsonl, lines);
        assertThat(verify("--jsonl", jsonl.toString(), "--pubkey", publicKey)).isEqualTo(1);
        assertThat(output()).contains("REJECTED " + jsonl + " line 5 (? seq ?): FORMAT");
    }

    /** docs/report-schema.md: an identical duplicate (a QoS 1 redelivery) is safe and counted once. */
    @Test
    void anIdenticalRedeliveryInACaptureIsSafeAndCountedOnce() throws Exception {
        List<String> lines = new ArrayList<>(payloads());
        lines.add(8, lines.get(7));
        Path jsonl = dir.resolve("capture.jsonl");
        Files.write(jsonl, lines);
        assertThat(verify("--jsonl", jsonl.toString(), "--pubkey", publicKey)).as(output()).isZero();
        assertThat(output()).contains("25 records").contains("chain to seq 24, 24 accepted, missing seqs: none")
                .contains("1 identical duplicate(s)").contains("energy 2970 kWh").contains("result: CLEAN")
                .doesNotContain("REJECTED");
    }

    @Test
    void aRecordOutOfOrderIsReportedSoAndNotAsMissing() throws Exception {
        List<String> lines = new ArrayList<>(payloads());
        java.util.Collections.swap(lines, 9, 10);
        Path jsonl = dir.resolve("capture.jsonl");
        Files.write(jsonl, lines);
        assertThat(verify("--jsonl", jsonl.toString(), "--pubkey", publicKey)).isEqualTo(1);
        assertThat(output()).contains("missing seqs: none")
                .contains("REJECTED " + jsonl + " line 11 (yibin-03/station-1 seq 10): REORDERED");
    }

    /** docs/report-schema.md: bytes other than the canonical form are FORMAT, not a forged hash or signature. */
    @Test
    void aReformattedRecordIsAFormatProblem() throws Exception {
        List<String> lines = new ArrayList<>(payloads());
        lines.set(3, lines.get(3).replace("\"seq\":4,", "\"seq\": 4,"));
        Path jsonl = dir.resolve("capture.jsonl");
        Files.write(jsonl, lines);
        assertThat(verify("--jsonl", jsonl.toString(), "--pubkey", publicKey)).isEqualTo(1);
        assertThat(output()).contains("REJECTED " + jsonl + " line 4 (yibin-03/station-1 seq 4): FORMAT : expected"
                + " the record's canonical JSON").doesNotContain("HASH").doesNotContain("SIGNATURE");
    }

    @Test
    void aJsonLinesStreamWithADroppedRecordReportsTheMissingSeq() throws Exception {
        List<String> lines = payloads();
        Path jsonl = dir.resolve("reports.jsonl");
        Files.write(jsonl, lines.stream().filter(l -> !l.contains("\"seq\":5,")).toList());
        Path keyFile = dir.resolve("station-1.pub");
        Files.writeString(keyFile, publicKey + "\n");
        assertThat(verify("--jsonl", jsonl.toString(), "--pubkey", "@" + keyFile, "--fast")).isEqualTo(1);
        assertThat(output()).contains("missing seqs: [5]").contains("SEQ_GAP seq: expected 5, found 6 (seq 5 missing)");
    }

    @Test
    void usageErrorsSayWhatIsMissing() {
        assertThat(verify("--db", dbFile.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give the device's public key with --pubkey");
        assertThat(verify("--db", dir.resolve("nope.db").toString(), "--pubkey", publicKey)).isEqualTo(2);
        assertThat(verify("--db", dbFile.toString(), "--pubkey", "not-a-key")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--pubkey not-a-key");
    }
}
