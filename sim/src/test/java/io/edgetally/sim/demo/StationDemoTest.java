package io.edgetally.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.edgetally.cli.Cli;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Methodology;
import io.edgetally.protocol.methodology.MethodologyRef;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.registry.support.TestPostgres;
import io.edgetally.sim.cli.DevMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationDemoTest {

    @TempDir
    Path dir;

    @Test
    void oneDayEndToEndEveryRecordAcknowledgedAndNoCapViolation() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = DevMain.cli().run(new String[] {"demo", "station", "--days", "1", "--out", dir.toString(), "--seed",
                "7"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(rc).as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
        JsonValue.JsonObject s = Json.parseObject(Files.readString(dir.resolve("summary.json")));
        assertThat(s.bool("allAcknowledged")).isTrue();
        assertThat(s.decimal("capViolations").intValue()).isZero();
        assertThat(s.decimal("trucksServed").intValue()).isGreaterThan(35);
        assertThat(s.decimal("trucksStillWaiting").intValue()).isLessThanOrEqualTo(1);
        JsonValue.JsonObject t = s.object("tallies");
        // a day of 15-minute records, each verified and acknowledged
        assertThat(t.decimal("records").intValue()).isEqualTo(96);
        assertThat(t.decimal("acknowledgedByRegistry").intValue()).as("what the registry holds").isEqualTo(96);
        assertThat(t.decimal("heldByRegistry").intValue()).isEqualTo(96);
        assertThat(t.decimal("rejectedByRegistry").intValue()).isZero();
        // the ledger booked what the revenue meter counted over the day
        assertThat(t.decimal("energyKwh").doubleValue()).isCloseTo(s.decimal("gridKwh").doubleValue(),
                offset(0.5));
        // the day's swap-diesel tally is what the methodology gives for the metered grid energy (per-record
        // rounding to 3 decimals aside): energy to trucks = 0.93 x grid kWh, then km, litres, CO2 and NOx
        Methodology m = MethodologyRegistry.builtIn().require("swap-diesel", "1");
        Accounting day = new TallyCalculator().compute(new MethodologyRef(m.id(), m.version(), m.factors()),
                MethodologyRegistry.builtIn().requireGrid("CN-SC", 2022), t.decimal("energyKwh"));
        double rounding = 96 * 0.0005;
        assertThat(t.decimal("energyToTrucksKwh").doubleValue()).isCloseTo(
                day.displaced().get("energyToTrucksKwh").doubleValue(), offset(rounding));
        assertThat(t.decimal("energyToTrucksKwh").doubleValue()).isCloseTo(
                0.93 * s.decimal("gridKwh").doubleValue(), offset(1.0));
        assertThat(t.decimal("dieselLitres").doubleValue()).isCloseTo(
                day.displaced().get("dieselLitres").doubleValue(), offset(rounding));
        assertThat(t.decimal("co2GrossKg").doubleValue()).isCloseTo(day.emissions().co2Kg().doubleValue(),
                offset(rounding));
        assertThat(t.decimal("co2NetKg").doubleValue()).isCloseTo(day.emissions().co2NetKg().doubleValue(),
                offset(rounding));
        assertThat(t.decimal("noxKg").doubleValue()).isCloseTo(day.emissions().noxKg().orElseThrow().doubleValue(),
                offset(rounding));
        String svg = Files.readString(dir.resolve("station-power.svg"));
        assertThat(svg).startsWith("<svg").contains("ready packs").contains("cap (kW)");
        assertThat(dir.resolve("edgetally.db")).exists();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("trucks served").contains("diesel displaced")
                .contains("the registry's fleet page while it runs: http://127.0.0.1:");

        // what the registry exports for the site is what the demo booked, to the last digit
        String config = s.string("registryConfig");
        Path export = dir.resolve("export.json");
        registry("export", "--config", config, "--from", "2026-01-01", "--to", "2027-01-01", "--site", "demo-yibin",
                "--by", "month", "--zone", "Asia/Shanghai", "--format", "json", "--out", export.toString());
        List<JsonValue> rows = Json.parseObject(Files.readString(export)).array("rows").items();
        assertThat(rows).hasSize(1);
        JsonValue.JsonObject row = (JsonValue.JsonObject) rows.getFirst();
        assertThat(row.string("methodology")).isEqualTo("swap-diesel/1");
        assertThat(row.decimal("reports").intValue()).isEqualTo(96);
        assertThat(row.decimal("energyKwh")).isEqualByComparingTo(t.decimal("energyKwh"));
        assertThat(row.decimal("co2Kg")).isEqualByComparingTo(t.decimal("co2GrossKg"));
        assertThat(row.decimal("co2NetKg")).isEqualByComparingTo(t.decimal("co2NetKg"));
        assertThat(row.decimal("noxKg")).isEqualByComparingTo(t.decimal("noxKg"));
        assertThat(row.object("displaced").decimal("dieselLitres")).isEqualByComparingTo(t.decimal("dieselLitres"));

        // the period statement checks out from the reports alone, and is signed by the registry
        Path statement = dir.resolve("statement.json");
        Path reports = dir.resolve("statement-reports.jsonl");
        registry("statement", "--config", config, "--from", "2026-01-01", "--to", "2027-01-01", "--site",
                "demo-yibin", "--out", statement.toString(), "--reports", reports.toString());
        assertThat(Files.readAllLines(reports)).hasSize(96);
        String registryKey = Files.readString(dir.resolve("edgetally.yaml")).lines()
                .filter(l -> l.strip().startsWith("registry-key:")).findFirst().orElseThrow()
                .replaceAll("^\\s*registry-key:\\s*(\\S+).*$", "$1");
        String check = registry("check-statement", "--statement", statement.toString(), "--reports",
                reports.toString(), "--registry-key", registryKey);
        assertThat(check).contains("result: the statement holds");
    }

    private static String registry(String... args) {
        return RegistryCommands.run(args);
    }
    @Test
    void withADispatchFeedTheSameDayCostsLessAndTrucksWaitNoLonger() throws Exception {
        JsonValue.JsonObject blind = demo(dir.resolve("blind"), "0");
        JsonValue.JsonObject told = demo(dir.resolve("told"), "60");

        assertThat(told.decimal("etaNoticeMinutes").intValue()).isEqualTo(60);
        assertThat(Files.readString(dir.resolve("told").resolve("edgetally.yaml")))
                .contains("eta: {topic: fleet/demo-yibin/eta}");
        assertThat(told.bool("allAcknowledged")).isTrue();
        assertThat(told.decimal("trucksServed")).isEqualTo(blind.decimal("trucksServed"));
        assertThat(told.decimal("energyCostCny").doubleValue())
                .isLessThan(blind.decimal("energyCostCny").doubleValue() * 0.97);
        assertThat(told.decimal("meanWaitMinutes").doubleValue())
                .isLessThanOrEqualTo(blind.decimal("meanWaitMinutes").doubleValue() + 0.05);
        assertThat(told.decimal("capViolations").intValue()).isZero();
    }

    @Test
    void onAPostgreSqlOfItsOwnTheDemoRegistryFilesEveryRecordAndAReusedDatabaseIsRefused() throws Exception {
        String url = TestPostgres.shared().newDatabase() + "?user=" + TestPostgres.shared().user();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String[] line = {"demo", "station", "--days", "1", "--out", dir.resolve("a").toString(), "--seed", "7",
                "--registry-jdbc", url};
        assertThat(DevMain.run(line, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8))).as(stderr.toString(StandardCharsets.UTF_8))
                .isEqualTo(Cli.OK);
        JsonValue.JsonObject t = Json.parseObject(Files.readString(dir.resolve("a").resolve("summary.json")))
                .object("tallies");
        assertThat(t.decimal("acknowledgedByRegistry").intValue()).isEqualTo(96);
        assertThat(Files.readString(dir.resolve("a").resolve("registry").resolve("registry.yaml")))
                .contains("url: '" + url.substring(0, url.indexOf('?')) + "'", "user: 'postgres'")
                .doesNotContain("embedded PostgreSQL in");
        assertThat(dir.resolve("a").resolve("registry").resolve("postgres")).doesNotExist();

        stderr.reset();
        line[5] = dir.resolve("b").toString();
        assertThat(DevMain.run(line, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8))).isEqualTo(Cli.FAILED);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("already holds reports of demo-yibin/station-01",
                "give --registry-jdbc an empty database");
    }

    private static JsonValue.JsonObject demo(Path out, String etaNotice) throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = DevMain.cli().run(new String[] {"demo", "station", "--days", "1", "--out", out.toString(), "--seed",
                        "7", "--eta-notice", etaNotice}, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(rc).as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
        return Json.parseObject(Files.readString(out.resolve("summary.json")));
    }
}
