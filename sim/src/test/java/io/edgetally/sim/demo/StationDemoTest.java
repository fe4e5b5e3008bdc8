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
        assertThat(t.decimal("acked").intValue()).isEqualTo(96);
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
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("trucks served").contains("diesel displaced");
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

    private static JsonValue.JsonObject demo(Path out, String etaNotice) throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = DevMain.cli().run(new String[] {"demo", "station", "--days", "1", "--out", out.toString(), "--seed",
                        "7", "--eta-notice", etaNotice}, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(rc).as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
        return Json.parseObject(Files.readString(out.resolve("summary.json")));
    }
}
