package io.edgetally.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.protocol.report.TallyReport;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.support.DeviceLink;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestDevice;
import io.edgetally.registry.support.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands an operator and an auditor run, end to end on a real broker and PostgreSQL: keys, enrol, a device's
 * reports in, export of the verified totals, a period statement and the auditor's check of it.
 */
class RegistryCommandsTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RegistryMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC()).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandAnswersHelpAndAWrongFlagIsNamed() {
        for (String c : List.of("serve", "enrol", "revoke", "devices", "import", "alarms", "export", "statement",
                "check-statement")) {
            Run help = run(c, "--help");
            assertThat(help.code()).as(c).isZero();
            assertThat(help.out()).as(c).contains("usage: edgetally-registry " + c);
            Run wrong = run(c, "--bogus", "x");
            assertThat(wrong.code()).as(c).isEqualTo(2);
            assertThat(wrong.err()).as(c).contains("unknown option '--bogus'").contains("usage");
        }
        assertThat(run("keys", "--help").code()).isZero();
        assertThat(run("keys", "init", "--help").out()).contains("keys init");
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("--help").out()).contains("usage: edgetally-registry COMMAND");
        assertThat(run("frobnicate").err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void aConfigErrorNamesTheFileLineAndKey() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "mqtt:\n  uri: tcp://127.0.0.1:1883\n  grup: x\n");
        Run r = run("keys", "show", "--config", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + " line 3").contains("unknown key 'mqtt.grup'");
    }

    @Test
    void fromEnrolmentToExportAndAnAuditedStatement() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture f = new RegistryFixture(dir, broker.uri(), TestPostgres.shared(), "registry-cmd", null);
            String config = f.configFile.toString();
            Run show = run("keys", "show", "--config", config);
            assertThat(show.code()).isZero();
            String registryKey = show.out().lines().filter(l -> l.startsWith("registry ed25519 public key "))
                    .findFirst().orElseThrow().substring("registry ed25519 public key ".length());
            assertThat(run("keys", "init", "--config", config).err()).contains("exists already");

            TestDevice barn = new TestDevice("jiange-01", "barn-07");
            Path keyFile = Files.writeString(dir.resolve("barn-07.pub"), barn.publicKey() + "\n");
            Run bad = run("enrol", "--config", config, "--site", "jiange-01", "--device", "barn-07", "--key",
                    "@" + keyFile, "--kind", "curing-barn", "--methodology", "swap-diesel/1", "--grid-region",
                    "CN-SC", "--grid-year", "2022");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains("swap-diesel/1 is for [swap-station], not for a curing-barn");
            Run enrol = run("enrol", "--config", config, "--site", "jiange-01", "--device", "barn-07", "--key",
                    "@" + keyFile, "--kind", "curing-barn", "--methodology", "sichuan-2023-thermal/1",
                    "--grid-region", "CN-SC", "--grid-year", "2022");
            assertThat(enrol.code()).as(enrol.err()).isZero();
            assertThat(enrol.out()).contains("enrolled jiange-01/barn-07 key " + barn.signer.keyId());

            List<TallyReport> chain = barn.chain(200); // 2026-07-01 00:00 to 07-03 02:00, 15 minutes each
            try (RegistryService registry = f.start(); DeviceLink link = new DeviceLink(broker.uri(), "cmd-dev")) {
                for (TallyReport r : chain) {
                    link.report(barn.site, barn.device, TestDevice.bytes(r));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> link.highestAck(barn.site, barn.device) == 200);
            }
            Run devices = run("devices", "--config", config);
            assertThat(devices.out()).contains("jiange-01/barn-07 curing-barn sichuan-2023-thermal/1 grid CN-SC/2022:"
                    + " chain to seq 200, 200 verified reports");

            Run csv = run("export", "--config", config, "--from", "2026-07-01", "--to", "2026-07-04");
            assertThat(csv.code()).as(csv.err()).isZero();
            List<String> lines = csv.out().lines().toList();
            assertThat(lines.getFirst()).isEqualTo("site,device,methodology,grid,period,reports,energyKwh,coalKgce,"
                    + "co2Kg,co2ProjectKg,co2NetKg,so2Kg,noxKg,pmKg");
            assertThat(lines).hasSize(4); // 07-01, 07-02, 07-03
            BigDecimal energy = chain.stream().map(r -> r.body().energyKwh()).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal co2 = chain.stream().map(r -> r.body().tally().emissions().co2Kg())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal exportedEnergy = lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[6]))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal exportedCo2 = lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[8]))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(exportedEnergy).isEqualByComparingTo(energy);
            assertThat(exportedCo2).isEqualByComparingTo(co2);
            assertThat(lines.get(1)).startsWith("jiange-01,barn-07,sichuan-2023-thermal/1,CN-SC/2022=0.1404,"
                    + "2026-07-01,95,"); // the day's 96th report ends at midnight: the next day's
            Run json = run("export", "--config", config, "--from", "2026-07-01", "--to", "2026-08-01", "--by",
                    "month", "--format", "json");
            assertThat(json.out()).contains("\"period\": \"2026-07\"").contains("\"reports\": 200");

            Path statement = dir.resolve("statement.json");
            Path reports = dir.resolve("reports.jsonl");
            Run st = run("statement", "--config", config, "--from", "2026-07-01", "--to", "2026-07-03", "--out",
                    statement.toString(), "--reports", reports.toString());
            assertThat(st.code()).as(st.err()).isZero();
            assertThat(st.out()).contains("191 reports");
            Run check = run("check-statement", "--statement", statement.toString(), "--reports", reports.toString(),
                    "--registry-key", registryKey);
            assertThat(check.code()).as(check.out()).isZero();
            assertThat(check.out()).contains("statement signature verifies").contains("result: the statement holds");

            // an auditor missing one report, or given an altered one, is told so
            List<String> all = Files.readAllLines(reports);
            Files.write(reports, all.subList(1, all.size()));
            Run short1 = run("check-statement", "--statement", statement.toString(), "--reports", reports.toString());
            assertThat(short1.code()).isEqualTo(1);
            assertThat(short1.out()).contains("listed but not verified: [jiange-01/barn-07 seq 1]");
            List<String> altered = new java.util.ArrayList<>(all);
            altered.set(5, altered.get(5).replace("\"clockSynced\":true", "\"clockSynced\":false"));
            Files.write(reports, altered);
            Run tampered = run("check-statement", "--statement", statement.toString(), "--reports",
                    reports.toString());
            assertThat(tampered.code()).isEqualTo(1);
            assertThat(tampered.out()).contains("reports line 6: HASH");

            // the same reports again from a file (a device's ledger): held already, nothing stored twice; an
            // altered one refused with its reason
            Files.write(reports, all);
            Run again = run("import", "--config", config, "--jsonl", reports.toString());
            assertThat(again.code()).as(again.out()).isZero();
            assertThat(again.out()).contains("191 reports read, 0 stored, 191 held already, 0 refused");
            Files.write(reports, altered);
            Run refused = run("import", "--config", config, "--jsonl", reports.toString());
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.out()).contains("190 held already, 1 refused").contains("REFUSED");

            Run revoke = run("revoke", "--config", config, "--site", "jiange-01", "--device", "barn-07");
            assertThat(revoke.out()).contains("revoked key " + barn.signer.keyId());
            assertThat(run("devices", "--config", config).out()).contains("key " + barn.signer.keyId() + " revoked");
        }
    }
}
