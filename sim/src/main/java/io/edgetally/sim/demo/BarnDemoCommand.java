package io.edgetally.sim.demo;

import io.edgetally.cli.Args;
import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.cli.Usage;
import io.edgetally.config.BarnConfig;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.sim.barn.BarnState;
import io.edgetally.sim.report.CureAnalysis;
import io.edgetally.sim.report.CuringCurveSvg;
import io.edgetally.store.Database;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code edgetally demo barn}: runs {@link BarnDemo}, then writes and prints what came of the cure. */
public final class BarnDemoCommand implements Command {

    private static final Usage USAGE = Usage.of("[--speed N] [--out DIR] [--heating resistive|heat-pump] "
                    + "[--schedule ID] [--keep-world] [--resume] [--registry-jdbc URL]",
            "a whole cure against the simulated barn, publishing to the registry (Mosquitto, embedded PostgreSQL)",
            Usage.Option.value("speed", "N", "barn time N times faster than real time (default 0: as fast as it goes)"),
            Usage.Option.value("out", "DIR", "where summary.json, the curve, the databases go (default demo-out)"),
            Usage.Option.value("heating", "KIND", "resistive (3 x 18 kW, default) or heat-pump"),
            Usage.Option.value("schedule", "ID", "a built-in schedule (default middle-leaf) or a schedule file"),
            Usage.Option.value("cycle-seconds", "S", "the control period (default 15)"),
            Usage.Option.value("max-hours", "H", "stop after this many barn-hours (default 400)"),
            Usage.Option.value("seed", "N", "the barn model's random seed (default 1)"),
            Usage.Option.flag("keep-world", "save the barn's physical state after every period (for --resume)"),
            Usage.Option.flag("resume", "carry on the cure and the barn in DIR after the process was killed"),
            DemoRegistry.JDBC_OPTION);

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) throws Exception {
        BarnConfig.Heating heating = heating(a);
        double speed = a.numberOption("speed", 0, 0, Double.MAX_VALUE, "times real time; 0 = as fast as possible");
        BarnDemo.Options options = new BarnDemo.Options(Path.of(a.option("out", "demo-out")), heating,
                a.option("schedule", "middle-leaf"), speed,
                Duration.ofSeconds(a.intOption("cycle-seconds", 15, 1, 300)),
                a.intOption("max-hours", 400, 1, 2000), a.intOption("seed", 1, 0, Integer.MAX_VALUE),
                a.flag("resume"), a.flag("keep-world"), a.option("registry-jdbc"));
        out.printf(Locale.ROOT, "edgetally demo barn: %s schedule, %s heating, 4,000 kg fresh leaf; writing %s%n",
                options.schedule(), a.option("heating", "resistive"), options.out().toAbsolutePath());
        BarnDemo.Outcome o = new BarnDemo(options, out).run();
        JsonValue.JsonObject summary = summarise(o, options);
        Files.writeString(options.out().resolve("summary.json"), Json.pretty(summary));
        print(summary, out);
        return o.complete() && o.allAcknowledged() ? Cli.OK : Cli.FAILED;
    }

    /** {@code --heating resistive|heat-pump}, for the demo and the standalone simulator. */
    public static BarnConfig.Heating heating(Args a) {
        return switch (a.option("heating", "resistive")) {
            case "resistive" -> BarnConfig.Heating.RESISTIVE;
            case "heat-pump" -> BarnConfig.Heating.HEAT_PUMP;
            default -> throw new Cli.UsageException("--heating must be resistive or heat-pump, was '"
                    + a.option("heating", "") + "'");
        };
    }

    static JsonValue.JsonObject summarise(BarnDemo.Outcome o, BarnDemo.Options options) throws Exception {
        List<CureAnalysis.Sample> samples;
        try (Database db = Database.open(o.database())) {
            samples = CureAnalysis.load(db, o.batchId());
        }
        CureAnalysis.Result r = CureAnalysis.analyse(samples, i -> o.schedule().step(i).stage().fileName());
        String svg = CuringCurveSvg.render("edgetally demo — " + o.schedule().name() + ", "
                        + options.heating().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                CureAnalysis.curve(samples, o.heaterStages(), 2000),
                CureAnalysis.bands(samples, i -> o.schedule().step(i).stage().fileName()));
        Files.writeString(options.out().resolve("curing-curve.svg"), svg);

        BarnState truth = o.barn().trueState();
        JsonObjectBuilder moisture = JsonValue.JsonObject.builder();
        double removed = truth.waterRemovedKg();
        for (Map.Entry<String, Double> e : truth.waterRemovedKgByStage().entrySet()) {
            if (e.getValue() > 0) {
                moisture.put(e.getKey(), round(100 * e.getValue() / removed, 1));
            }
        }
        List<JsonValue> stages = new ArrayList<>();
        for (CureAnalysis.StageTotals s : r.stages()) {
            stages.add(JsonValue.JsonObject.builder().put("stage", s.stage()).put("hours", round(s.hours(), 1))
                    .put("energyKwh", round(s.energyKwh(), 1)).build());
        }
        return JsonValue.JsonObject.builder()
                .put("complete", o.complete())
                .put("schedule", o.schedule().id())
                .put("heating", options.heating().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("barnHours", round(o.barnHours(), 2))
                .put("energyKwh", round(r.energyKwh(), 1))
                .put("freshLeafKg", round(o.barn().parameters().leaf().freshLeafKg(), 0))
                .put("waterRemovedKg", round(removed, 0))
                .put("moistureRemovedPercentByStage", moisture.build())
                .put("stages", new JsonValue.JsonArray(stages))
                .put("dryBulbRmsErrorC", round(r.dryRmsC(), 2))
                .put("wetBulbRmsErrorC", round(r.wetRmsC(), 2))
                .put("trackingMeasuredOver", "samples in HOLD (and awaiting confirmation), outside ramps")
                .put("maxDryBulbC", round(r.maxDryC(), 1))
                .put("tally", o.batchTally())
                .put("reports", JsonValue.JsonObject.builder()
                        .put("written", o.reports().written())
                        .put("acknowledgedByRegistry", o.reports().acknowledged())
                        .put("heldByRegistry", o.reports().registryHolds())
                        .put("rejectedByRegistry", o.reports().rejected())
                        .put("allAcknowledged", o.allAcknowledged())
                        .build())
                .put("wallSeconds", round(o.wallSeconds(), 2))
                .put("timesRealTime", round(o.barnHours() * 3600 / o.wallSeconds(), 0))
                .put("database", o.database().getFileName().toString())
                .put("site", o.site())
                .put("registryConfig", o.registryConfig().toString())
                .put("plot", "curing-curve.svg")
                .build();
    }

    private static BigDecimal round(double v, int places) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN) : BigDecimal.ZERO;
    }

    private static void print(JsonValue.JsonObject s, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "cure %s in %s barn-hours (%s s wall, %s× real time)%n",
                s.bool("complete") ? "complete" : "NOT complete", s.decimal("barnHours").toPlainString(),
                s.decimal("wallSeconds").toPlainString(), s.decimal("timesRealTime").toPlainString());
        out.printf(Locale.ROOT, "energy %s kWh; water removed %s kg; by stage %s %%%n",
                s.decimal("energyKwh").toPlainString(), s.decimal("waterRemovedKg").toPlainString(),
                Json.write(s.object("moistureRemovedPercentByStage")));
        out.printf(Locale.ROOT, "tracking (RMS, outside ramps): dry bulb %s °C, wet bulb %s °C%n",
                s.decimal("dryBulbRmsErrorC").toPlainString(), s.decimal("wetBulbRmsErrorC").toPlainString());
        JsonValue.JsonObject t = s.object("tally");
        out.printf(Locale.ROOT, "tally (%s): %s kgce coal displaced, CO2 %s kg, SO2 %s kg, NOx %s kg avoided; net CO2 %s kg%n",
                "sichuan-2023-thermal", t.decimal("displacedKgce").toPlainString(), t.decimal("co2Kg").toPlainString(),
                t.decimal("so2Kg").toPlainString(), t.decimal("noxKg").toPlainString(),
                t.decimal("co2NetKg").toPlainString());
        JsonValue.JsonObject r = s.object("reports");
        out.printf(Locale.ROOT, "reports: %d signed and chained; the registry holds %d, verified and acknowledged up"
                        + " to seq %d, %d rejected%s%n", r.longValue("written"), r.longValue("heldByRegistry"),
                r.longValue("acknowledgedByRegistry"), r.longValue("rejectedByRegistry"),
                r.bool("allAcknowledged") ? " — every report acknowledged" : " — NOT all acknowledged");
        out.println("wrote summary.json, curing-curve.svg, edgetally.db, edgetally.yaml, keys/device.key, registry/");
        out.println("what the registry holds: ./edgetally registry export --config " + s.string("registryConfig")
                + " --from 2000-01-01 --to 2100-01-01 --site " + s.string("site"));
    }
}
