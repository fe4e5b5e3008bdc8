package io.edgetally.sim.demo;

import io.edgetally.config.SiteConfig;
import io.edgetally.config.StationConfig;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.verify.Totals;
import io.edgetally.sim.station.ArrivalGenerator;
import io.edgetally.sim.station.DispatchFeed;
import io.edgetally.sim.station.DispatchPlatform;
import io.edgetally.sim.station.StationModelConfig;
import io.edgetally.sim.station.StationRig;
import io.edgetally.sim.station.SwapStationModel;
import io.edgetally.sim.station.TruckArrival;
import io.edgetally.site.RunningSite;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.station.StationSample;
import io.edgetally.station.StationService;
import io.edgetally.station.StationSite;
import io.edgetally.station.SwapStore;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.station.control.TouTariff;
import io.edgetally.store.Database;
import io.edgetally.tally.DeviceKeys;
import io.edgetally.tally.TallyService;
import io.edgetally.testkit.ManualClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A swap station's month in one process: the station model behind simulated field I/O (its PLC and its revenue and
 * DC meters, all Modbus TCP on loopback), run by exactly what {@code edgetally run} runs for the config the demo
 * writes ({@link StationService}: PLC link, controller, ledger, uplink, CoAP) on a manual clock; the uplink publishes
 * every record and alarm to the registry that ships ({@link DemoRegistry}: Debian's Mosquitto, embedded PostgreSQL),
 * which verifies, stores and signs its ack of every record.
 */
public final class StationDemo {

    public static final String SITE = "demo-yibin";
    public static final String DEVICE = "station-01";
    /** The first simulated day (local midnight, Asia/Shanghai). */
    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 6, 1);
    private static final Duration CYCLE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The uplink runs on the station's clock, which here passes a day in about a second: its 30-second ack timeout
     * would expire before any ack could arrive and every report would be sent again and again. Six station hours
     * is a fraction of a wall second, as short relative to the demo's pace as 30 s is to a real station's.
     */
    private static final Duration ACK_TIMEOUT = Duration.ofHours(6);

    /**
     * @param etaNotice    how far ahead a simulated dispatch platform announces trucks; zero: no ETA feed
     * @param registryJdbc a PostgreSQL for the registry; empty: an embedded one in {@code out/registry}
     */
    public record Options(Path out, int days, long seed, Duration etaNotice, Optional<String> registryJdbc) {}

    /** The topic the simulated dispatch platform publishes ETA snapshots on. */
    public static final String ETA_TOPIC = "fleet/" + SITE + "/eta";
    /** A route-based ETA's typical error an hour out (it shrinks as the truck gets closer). */
    private static final Duration ETA_ERROR_SD = Duration.ofMinutes(3);

    /**
     * What came of it. Costs are the station's bill: metered energy per 15-minute interval x price, plus the peak
     * 15-minute demand x the demand rate prorated to the run (30 days = one month).
     */
    public record Outcome(int days, int arrivals, int trucksServed, int stillWaiting, double meanWaitMinutes,
                          double maxWaitMinutes, double gridKwh, double energyToTrucksKwh, double energyCost,
                          double peakKw, double demandCharge, long capViolations, Totals tallies, long lastSeq,
                          long registryContiguous, long registryHolds, long registryRejected, long ackedSeq,
                          boolean drained, double wallSeconds, Path database, Path plot, Path registryConfig) {

        public double totalCost() {
            return energyCost + demandCharge;
        }

        /** Every record the ledger wrote is in the registry, verified, and acknowledged to the device. */
        public boolean allAcknowledged() {
            return drained && lastSeq > 0 && registryContiguous == lastSeq && registryHolds == lastSeq
                    && ackedSeq == lastSeq;
        }
    }

    private final Options options;
    private final PrintStream out;

    public StationDemo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Outcome run() throws IOException, InterruptedException {
        Path dir = options.out();
        Files.createDirectories(dir);
        for (String f : new String[] {"edgetally.db", "edgetally.db-wal", "edgetally.db-shm"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        StationConfig station = StationConfig.defaults();
        StationControllerConfig control = StationControllerConfig.forStation(station);
        TouTariff tariff = control.tariff();
        Instant start = FIRST_DAY.atStartOfDay(tariff.zone()).toInstant();
        Duration length = Duration.ofDays(options.days());
        List<TruckArrival> arrivals = ArrivalGenerator.yibin(control.arrivals(), tariff.zone())
                .generate(start, length, options.seed());
        SwapStationModel model = new SwapStationModel(StationModelConfig.matching(control, station.slots()),
                tariff.zone(), arrivals, start);
        ManualClock clock = new ManualClock(start);
        long wallStart = System.nanoTime();
        try (StationRig rig = new StationRig(model);
             DemoRegistry registry = DemoRegistry.start(dir, options.registryJdbc(), true)) {
            if (registry.held(SITE, DEVICE).reports() > 0) {
                throw new IllegalStateException("the registry's database already holds reports of " + SITE + "/"
                        + DEVICE + " from an earlier demo: give --registry-jdbc an empty database");
            }
            rig.startMeters();
            rig.startPlc(0);
            String yaml = configYaml(rig, station.slots(), registry.brokerUri(), registry.publicKey(), dir,
                    !options.etaNotice().isZero());
            Path file = dir.resolve("edgetally.yaml");
            Files.writeString(file, yaml);
            SiteConfig config = SiteConfig.load(file);
            Path keyFile = DeviceKeys.fileIn(dir); // where a device keeps it: 'keys show --data-dir DIR' finds it
            String publicKey = DeviceKeys.loadOrCreate(keyFile).publicKeyBase64();
            registry.enrol(config, publicKey); // before the device connects, as in the field
            // exactly what 'edgetally run' runs for this file, on the demo's fast clock
            Optional<DispatchPlatform> platform = options.etaNotice().isZero() ? Optional.empty()
                    : Optional.of(new DispatchPlatform(registry.brokerUri(), "demo-dispatch-platform", ETA_TOPIC,
                            new DispatchFeed(arrivals, options.etaNotice(), ETA_ERROR_SD, options.seed()), out));
            try (DispatchPlatform ignored = platform.orElse(null);
                 StationService service = ((RunningSite.Station) Sites.start(config, file, new SiteHost(clock,
                         provider -> {
                             throw new IllegalStateException("the demo station has nothing on GPIO pins");
                         }, Database.Durability.NORMAL, u -> u.withAckTimeout(ACK_TIMEOUT), Optional.of(() -> true),
                         c -> c))).service()) {
                StationSite site = service.site();
                TallyService services = service.tally();
                SwapStore store = new SwapStore(service.database());
                out.println("operator view while it runs: ./edgetally status " + service.coap().coapUri());
                out.println("the registry's fleet page while it runs: " + registry.fleetUrl());
                Bill bill = new Bill(tariff, start);
                Instant end = start.plus(length);
                site.addListener(image -> {
                    if (image.gridMeter().orElseThrow() instanceof MeterReading.Ok ok && !image.at().isAfter(end)) {
                        bill.onReading(image.at(), ok.importKwh());
                    }
                });
                ProgressBar bar = ProgressBar.forConsole(out);
                // Cycles run up to one past the end: the ledger books a span once the next reading corroborates
                // its closing one, so the reading at the end instant needs a successor to close the last interval.
                Instant lastCycle = end.plus(CYCLE);
                while (true) {
                    Instant cycleAt = clock.instant();
                    platform.ifPresent(p -> p.publish(cycleAt));
                    site.cycle();
                    Instant now = clock.instant();
                    double done = Duration.between(start, now).toMillis() / (double) length.toMillis();
                    bar.update(done, () -> status(now, start, model, site));
                    if (!now.isBefore(lastCycle)) {
                        break;
                    }
                    rig.advance(CYCLE);
                    clock.advance(CYCLE);
                }
                bar.finish();
                boolean drained = services.uplink().orElseThrow().awaitDrained(DRAIN_TIMEOUT);
                long lastSeq = services.ledger().ledger().lastSeq();
                DemoRegistry.Held held = registry.awaitHeld(SITE, DEVICE, lastSeq, DRAIN_TIMEOUT);
                long acked = services.uplinkStatus().map(s -> s.lastAckedSeq()).orElse(0L);
                Totals tallies = services.ledger().ledger().rollup(start, end.plusSeconds(1)).totals();
                Instant lastDay = end.minus(Duration.ofDays(1));
                List<StationSample> samples = store.samplesBetween(lastDay, end);
                Path plot = dir.resolve("station-power.svg");
                Files.writeString(plot, StationPowerSvg.render(String.format(Locale.ROOT,
                        "edgetally demo — swap station %s, %s (day %d of %d)", SITE,
                        FIRST_DAY.plusDays(options.days() - 1), options.days(), options.days()), lastDay, samples,
                        tariff, station.slots()));
                var served = model.served().stream().filter(x -> x.startedAt().isBefore(end)).toList();
                double meanWait = served.stream().mapToDouble(s -> s.waited().toMillis() / 60_000.0).average()
                        .orElse(0);
                double maxWait = served.stream().mapToDouble(s -> s.waited().toMillis() / 60_000.0).max().orElse(0);
                double toTrucks = served.stream().mapToDouble(s -> (s.socOut() - s.socIn())
                        * control.packCapacityKwh()).sum();
                double months = length.toMillis() / (double) Duration.ofDays(30).toMillis();
                double wall = (System.nanoTime() - wallStart) / 1e9;
                return new Outcome(options.days(), arrivals.size(), served.size(), model.trucksWaiting(), meanWait,
                        maxWait, bill.gridKwh(), toTrucks, bill.energyCost(), bill.peakKw(),
                        bill.peakKw() * tariff.demandChargePerKwMonth() * months, model.capViolations(), tallies,
                        lastSeq, held.contiguousSeq(), held.reports(), held.rejected(), acked, drained, wall,
                        service.database().file(), plot, registry.configFile());
            }
        }
    }

    private static String status(Instant now, Instant start, SwapStationModel model, StationSite site) {
        long day = Duration.between(start, now).toDays() + 1;
        return String.format(Locale.ROOT, "day %2d %s  %6.0f kW  served %5d  waiting %d", day,
                now.atZone(StationControllerConfig.defaults().tariff().zone()).toLocalTime(), site.gridKw(),
                model.served().size(), model.trucksWaiting());
    }

    private static String configYaml(StationRig rig, int slots, String broker, String registryKey, Path dataDir,
                                     boolean eta) {
        StringBuilder meters = new StringBuilder();
        meters.append(String.format(Locale.ROOT, """
                    - name: grid
                      model: sdm630
                      tcp: 127.0.0.1:%d
                      unit: 1
                      max-power-kw: 1500
                """, rig.gridMeterPort()));
        for (int i = 0; i < slots; i++) {
            meters.append(String.format(Locale.ROOT, """
                        - name: charger-%d-dc
                          model: djsf1352
                          tcp: 127.0.0.1:%d
                          unit: 1
                          max-power-kw: 400
                    """, i, rig.dcMeterPort(i)));
        }
        return """
                # Written by the station demo: the controller reads this as it reads /etc/edgetally/edgetally.yaml.
                # The first meter is the revenue meter (the ledger books it); then one DC meter per charger.
                site: %s
                device: %s
                kind: swap-station
                data-dir: %s
                cycle: 1m
                station:
                  slots: %d
                  packs: %d
                  pack-kwh: 282
                  slot-kw: 300
                  grid-cap-kw: 1200
                  swap-soc: 0.95
                  tariff: sichuan-like
                  plc: {tcp: 127.0.0.1:%d, unit: %d}
                %s
                io:
                  meters:
                %s
                ledger:
                  methodology: swap-diesel
                  interval: 15m
                  grid: sichuan-2022
                uplink:
                  broker: %s
                  registry-key: %s   # the demo registry's key: every ack must be signed with it
                coap: {bind: 127.0.0.1, port: 0, dtls-port: 0}
                """.formatted(SITE, DEVICE, dataDir, slots, slots, rig.plcPort(), StationRig.PLC_UNIT,
                eta ? "  eta: {topic: " + ETA_TOPIC + "}   # the dispatch platform's ETAs, on the uplink's broker"
                        : "  # eta: {topic: ...}   # a dispatch platform's truck ETAs (demo: --eta-notice 60)",
                meters.toString().stripTrailing(), broker, registryKey);
    }

    /** The station's bill from the revenue meter's register: energy per 15-minute interval x price, and the peak. */
    static final class Bill {
        private final TouTariff tariff;
        private Instant intervalStart;
        private double intervalStartKwh = Double.NaN;
        private double firstKwh = Double.NaN;
        private double lastKwh;
        private double energyCost;
        private double peakKw;

        Bill(TouTariff tariff, Instant start) {
            this.tariff = tariff;
            this.intervalStart = start;
        }

        void onReading(Instant at, double importKwh) {
            if (Double.isNaN(firstKwh)) {
                firstKwh = importKwh;
                intervalStartKwh = importKwh;
            }
            while (!at.isBefore(intervalStart.plus(INTERVAL))) {
                double kwh = importKwh - intervalStartKwh;
                energyCost += kwh * tariff.pricePerKwh(intervalStart);
                peakKw = Math.max(peakKw, kwh / (INTERVAL.toMinutes() / 60.0));
                intervalStartKwh = importKwh;
                intervalStart = intervalStart.plus(INTERVAL);
            }
            lastKwh = importKwh;
        }

        double gridKwh() {
            return Double.isNaN(firstKwh) ? 0 : lastKwh - firstKwh;
        }

        double energyCost() {
            return energyCost;
        }

        double peakKw() {
            return peakKw;
        }
    }
}
