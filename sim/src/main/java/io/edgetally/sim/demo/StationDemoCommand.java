package io.edgetally.sim.demo;

import io.edgetally.cli.Args;
import io.edgetally.cli.Cli;
import io.edgetally.cli.Command;
import io.edgetally.cli.Usage;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.verify.Totals;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code edgetally demo station}: runs {@link StationDemo}, then writes and prints what the station did. Exits 0
 * only when every tally record reached the registry, passed its verification and was acknowledged.
 */
public final class StationDemoCommand implements Command {

    private static final Usage USAGE = Usage.of("[--days N] [--out DIR] [--seed S] [--eta-notice MINUTES]"
                    + " [--registry-jdbc URL]",
            "a swap station's month against its simulator, publishing to the registry (Mosquitto, embedded PostgreSQL)",
            Usage.Option.value("days", "N", "how many station days (default 30)"),
            Usage.Option.value("out", "DIR", "where summary.json, the plot and the databases go (default "
                    + "demo-out-station)"),
            Usage.Option.value("seed", "S", "the trucks' random seed (default 2023)"),
            Usage.Option.value("eta-notice", "MINUTES", "a fleet dispatch feed announces each truck this far ahead "
                    + "(default 0: no feed)"),
            DemoRegistry.JDBC_OPTION);

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) throws Exception {
        StationDemo.Options options = new StationDemo.Options(Path.of(a.option("out", "demo-out-station")),
                a.intOption("days", 30, 1, 366), a.intOption("seed", 2023, 0, Integer.MAX_VALUE),
                Duration.ofMinutes(a.intOption("eta-notice", 0, 0, 24 * 60)), a.option("registry-jdbc"));
        out.printf(Locale.ROOT, "edgetally demo station: Yibin-sized swap station (8 x 282 kWh packs, 8 x 300 kW, "
                + "1.2 MW cap), %d day(s) from %s, seed %d; %s; writing %s%n", options.days(), StationDemo.FIRST_DAY,
                options.seed(), options.etaNotice().isZero() ? "no ETA feed (planning from the arrival forecast)"
                        : "a dispatch platform announces trucks " + options.etaNotice().toMinutes() + " min ahead",
                options.out().toAbsolutePath());
        StationDemo.Outcome o = new StationDemo(options, out).run();
        JsonValue.JsonObject summary = summarise(o, options);
        Files.writeString(options.out().resolve("summary.json"), Json.pretty(summary));
        print(o, out);
        if (!o.allAcknowledged()) {
            err.printf(Locale.ROOT, "not every tally record was acknowledged: ledger at seq %d, registry holds %d"
                    + " (verified chain 1..%d, %d rejected), device saw acks up to %d%s%n", o.lastSeq(),
                    o.registryHolds(), o.registryContiguous(), o.registryRejected(), o.ackedSeq(),
                    o.drained() ? "" : "; the uplink did not drain in time");
            return Cli.FAILED;
        }
        return Cli.OK;
    }

    static JsonValue.JsonObject summarise(StationDemo.Outcome o, StationDemo.Options options) {
        Totals t = o.tallies();
        return JsonValue.JsonObject.builder()
                .put("days", o.days())
                .put("etaNoticeMinutes", options.etaNotice().toMinutes())
                .put("trucksArrived", o.arrivals())
                .put("trucksServed", o.trucksServed())
                .put("trucksStillWaiting", o.stillWaiting())
                .put("meanWaitMinutes", round(o.meanWaitMinutes(), 3))
                .put("maxWaitMinutes", round(o.maxWaitMinutes(), 1))
                .put("gridKwh", round(o.gridKwh(), 1))
                .put("energyToTrucksKwh", round(o.energyToTrucksKwh(), 1))
                .put("energyCostCny", round(o.energyCost(), 0))
                .put("peakKw", round(o.peakKw(), 1))
                .put("demandChargeCny", round(o.demandCharge(), 0))
                .put("totalCostCny", round(o.totalCost(), 0))
                .put("capViolations", o.capViolations())
                .put("tallies", JsonValue.JsonObject.builder()
                        .put("methodology", "swap-diesel/1")
                        .put("energyKwh", t.energyKwh())
                        .put("energyToTrucksKwh", displaced(t, "energyToTrucksKwh"))
                        .put("dieselLitres", displaced(t, "dieselLitres"))
                        .put("dieselKgce", displaced(t, "dieselKgce"))
                        .put("co2GrossKg", t.co2Kg())
                        .put("co2NetKg", t.co2NetKg())
                        .put("noxKg", t.noxKg())
                        .put("records", t.reports())
                        .put("acknowledgedByRegistry", o.registryContiguous())
                        .put("heldByRegistry", o.registryHolds())
                        .put("rejectedByRegistry", o.registryRejected())
                        .put("deviceSawAcksUpTo", o.ackedSeq())
                        .build())
                .put("allAcknowledged", o.allAcknowledged())
                .put("wallSeconds", round(o.wallSeconds(), 2))
                .put("database", o.database().getFileName().toString())
                .put("plot", o.plot().getFileName().toString())
                .put("site", StationDemo.SITE)
                .put("registryConfig", o.registryConfig().toString())
                .build();
    }

    private static BigDecimal displaced(Totals t, String key) {
        return t.displaced().getOrDefault(key, BigDecimal.ZERO);
    }

    private static BigDecimal round(double v, int places) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN) : BigDecimal.ZERO;
    }

    private static void print(StationDemo.Outcome o, PrintStream out) {
        Totals t = o.tallies();
        out.println();
        out.printf(Locale.ROOT, "%d day(s) in %.1f s wall: %d trucks served (%d still waiting), wait mean %.2f min,"
                        + " max %.1f min; cap violations %d%n", o.days(), o.wallSeconds(), o.trucksServed(),
                o.stillWaiting(), o.meanWaitMinutes(), o.maxWaitMinutes(), o.capViolations());
        out.printf(Locale.ROOT, "energy: %.0f kWh from the grid, %.0f kWh to trucks; cost %.0f CNY energy + %.0f CNY"
                        + " demand (peak %.0f kW) = %.0f CNY%n", o.gridKwh(), o.energyToTrucksKwh(), o.energyCost(),
                o.demandCharge(), o.peakKw(), o.totalCost());
        out.printf(Locale.ROOT, "tallies (swap-diesel): %s L diesel displaced (%s kgce), CO2 %s kg gross, %s kg net,"
                        + " NOx %s kg; %d records; the registry holds %d, verified and acknowledged up to seq %d%n",
                displaced(t, "dieselLitres").setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
                displaced(t, "dieselKgce").setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
                t.co2Kg().setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
                t.co2NetKg().setScale(1, RoundingMode.HALF_EVEN).toPlainString(),
                t.noxKg().setScale(3, RoundingMode.HALF_EVEN).toPlainString(), t.reports(), o.registryHolds(),
                o.registryContiguous());
        out.println("wrote summary.json, station-power.svg, edgetally.db, edgetally.yaml, keys/device.key, registry/");
        out.println("what the registry holds: ./edgetally registry export --config " + o.registryConfig()
                + " --from 2000-01-01 --to 2100-01-01 --site " + StationDemo.SITE);
    }
}
