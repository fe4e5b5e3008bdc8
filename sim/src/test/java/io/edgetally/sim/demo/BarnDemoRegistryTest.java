package io.edgetally.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.cli.Cli;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.sim.broker.MosquittoProcess;
import io.edgetally.sim.cli.DevMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The barn demo runs the registry that ships: what it calls acknowledged is what that registry holds, the registry's
 * export of the demo's site is the demo's tally to the last digit, and the period statement checks out from the
 * reports alone. The first day of a cure keeps it short; the cure itself is the kill-and-resume test's.
 */
class BarnDemoRegistryTest {

    @TempDir
    Path dir;

    /** A PostgreSQL the developer names that cannot be reached is one line naming it and why, exit 2, no trace. */
    @Test
    void anUnreachableRegistryDatabaseIsOneClearLine() throws Exception {
        assumeTrue(MosquittoProcess.binary().isPresent(), "the demo's registry needs mosquitto (apt-get install"
                + " mosquitto)");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String url = "jdbc:postgresql://127.0.0.1:1/edgetally_registry";
        int rc = DevMain.run(new String[] {"demo", "barn", "--out", dir.toString(), "--registry-jdbc", url},
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(err).isEqualTo(Cli.USAGE);
        assertThat(err.strip().lines()).as(err).singleElement().asString()
                .startsWith("edgetally demo barn: --registry-jdbc: cannot prepare the registry database at " + url)
                .contains("refused");
    }

    @Test
    void whatTheDemoCallsAcknowledgedIsWhatTheRegistryHoldsAndExports() throws Exception {
        assumeTrue(MosquittoProcess.binary().isPresent(), "the demo's registry needs mosquitto (apt-get install"
                + " mosquitto)");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = DevMain.run(new String[] {"demo", "barn", "--max-hours", "24", "--out", dir.toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(rc).as("a cure stopped after a day is not complete").isEqualTo(Cli.FAILED);

        JsonValue.JsonObject s = Json.parseObject(Files.readString(dir.resolve("summary.json")));
        JsonValue.JsonObject reports = s.object("reports");
        long written = reports.longValue("written");
        assertThat(written).as("a day of fifteen-minute records").isGreaterThanOrEqualTo(90);
        assertThat(reports.longValue("acknowledgedByRegistry")).isEqualTo(written);
        assertThat(reports.longValue("heldByRegistry")).isEqualTo(written);
        assertThat(reports.longValue("rejectedByRegistry")).isZero();
        assertThat(reports.bool("allAcknowledged")).isTrue();
        assertThat(Files.readString(dir.resolve("edgetally.yaml"))).as("the device checks the registry's acks")
                .contains("registry-key: ");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("the registry's fleet page while it runs:"
                + " http://127.0.0.1:", "./edgetally registry export --config ");

        String config = s.string("registryConfig");
        String site = s.string("site");
        Path export = dir.resolve("export.json");
        registry("export", "--config", config, "--from", "2026-01-01", "--to", "2027-01-01", "--site", site,
                "--by", "month", "--format", "json", "--out", export.toString());
        List<JsonValue> rows = Json.parseObject(Files.readString(export)).array("rows").items();
        assertThat(rows).hasSize(1);
        JsonValue.JsonObject row = (JsonValue.JsonObject) rows.getFirst();
        JsonValue.JsonObject tally = s.object("tally");
        assertThat(row.string("methodology")).isEqualTo("sichuan-2023-thermal/1");
        assertThat(row.longValue("reports")).isEqualTo(written).isEqualTo(tally.longValue("records"));
        assertThat(row.decimal("energyKwh")).isEqualByComparingTo(tally.decimal("energyKwh"));
        assertThat(row.object("displaced").decimal("coalKgce")).isEqualByComparingTo(tally.decimal("displacedKgce"));
        assertThat(row.decimal("co2Kg")).isEqualByComparingTo(tally.decimal("co2Kg"));
        assertThat(row.decimal("co2NetKg")).isEqualByComparingTo(tally.decimal("co2NetKg"));
        assertThat(row.decimal("so2Kg")).isEqualByComparingTo(tally.decimal("so2Kg"));
        assertThat(row.decimal("noxKg")).isEqualByComparingTo(tally.decimal("noxKg"));

        Path statement = dir.resolve("statement.json");
        Path listed = dir.resolve("statement-reports.jsonl");
        registry("statement", "--config", config, "--from", "2026-01-01", "--to", "2027-01-01", "--site", site,
                "--out", statement.toString(), "--reports", listed.toString());
        assertThat(Files.readAllLines(listed)).hasSize((int) written);
        String key = registry("keys", "show", "--config", config).lines().filter(l -> l.contains("public key"))
                .findFirst().orElseThrow().replaceAll("^.*public key:?\\s*", "").strip();
        assertThat(registry("check-statement", "--statement", statement.toString(), "--reports", listed.toString(),
                "--registry-key", key)).contains("result: the statement holds");
    }

    private static String registry(String... args) {
        return RegistryCommands.run(args);
    }
}
