package io.edgetally.sim.demo;

import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.config.BarnConfig;
import io.edgetally.io.TemperatureReading;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.site.SimulatedBarn;
import io.edgetally.store.Database;
import io.edgetally.tally.DeviceKeys;
import io.edgetally.tally.TallyService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole cure in one process: the barn model behind simulated field wiring, and the real controller driving it
 * through Pi4J (mock provider), 1-Wire files and Modbus TCP, on an accelerated clock, with a progress bar; its
 * uplink publishes to the registry that ships ({@link DemoRegistry}), which verifies, stores and signs its acks.
 */
public final class BarnDemo {

    /** What the demo is asked to do. */
    /** @param registryJdbc a PostgreSQL for the registry; empty: an embedded one in {@code out/registry} */
    public record Options(Path out, BarnConfig.Heating heating, String schedule, double speed, Duration cycle,
                          double maxHours, long seed, boolean resume, boolean keepWorld,
                          Optional<String> registryJdbc) {}

    /** What came of it. */
    public record Outcome(boolean complete, double barnHours, double wallSeconds, BarnSimulator barn, long batchId,
                          Path database, CuringSchedule schedule, int heaterStages, Reports reports,
                          JsonValue batchTally, String site, Path registryConfig) {

        /** Every tally record the device wrote is acknowledged by the registry, which holds them all. */
        public boolean allAcknowledged() {
            return reports.drained() && reports.acknowledged() == reports.written()
                    && reports.registryHolds() == reports.written();
        }
    }

    /**
     * The reports at the end: written by the ledger; acknowledged (the registry's contiguous verified chain), held
     * and rejected, each as the registry says; whether the device's outbox emptied.
     */
    public record Reports(long written, long acknowledged, long registryHolds, long rejected, boolean drained) {}

    private static final double TYPICAL_CURE_HOURS = 140;

    private final Options options;
    private final PrintStream out;

    public BarnDemo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Outcome run() throws IOException, InterruptedException {
        Path dir = options.out();
        Files.createDirectories(dir);
        SimulatedBarn.Options o = new SimulatedBarn.Options(dir, options.heating(), options.schedule(),
                options.cycle(), options.seed(), options.resume(), options.keepWorld(), Database.Durability.NORMAL);
        // the device's key, where a device keeps it ('keys show --data-dir DIR' finds it), enrolled with the registry
        DeviceKeys keys = DeviceKeys.loadOrCreate(DeviceKeys.fileIn(dir));
        try (DemoRegistry registry = DemoRegistry.start(dir, options.registryJdbc(), !options.resume());
             SimulatedBarn sim = new SimulatedBarn(o)) {
            String site = sim.config().site();
            String device = sim.config().device();
            if (!options.resume() && registry.held(site, device).reports() > 0) {
                throw new IllegalStateException("the registry's database already holds reports of " + site + "/"
                        + device + " from an earlier demo: give --registry-jdbc an empty database, or --resume");
            }
            registry.enrol(sim.config(), keys.publicKeyBase64()); // before the device connects, as in the field
            // exactly what 'edgetally run' builds for the config the simulated barn wrote, provisioned with the
            // registry's key; the uplink's ack timeout runs on the barn's accelerated clock and the registry answers
            // in wall time, so a timeout of seconds would resend every report before its ack could arrive
            sim.start(SimulatedBarn.Boot.withUplink(registry.brokerUri(), Duration.ofHours(6), registry.publicKey()));
            out.println("operator view while it runs: ./edgetally status " + sim.service().coap().coapUri()
                    + "   (slow it down with --speed 2000)");
            out.println("the registry's fleet page while it runs: " + registry.fleetUrl());
            double wall = runCure(sim);
            TallyService services = sim.service().tally();
            long written = services.ledger().ledger().lastSeq();
            boolean drained = services.uplink().orElseThrow().awaitDrained(Duration.ofSeconds(60));
            DemoRegistry.Held held = registry.awaitHeld(site, device, written, Duration.ofSeconds(30));
            return new Outcome(sim.site().complete(), sim.barnHours(), wall, sim.barn(), sim.site().batchId(),
                    sim.databaseFile(), sim.schedule(), sim.config().barn().heaterStages(),
                    new Reports(written, held.contiguousSeq(), held.reports(), held.rejected(), drained),
                    TallyService.totalsJson(services.batchTotals()), site, registry.configFile());
        }
    }

    private double runCure(SimulatedBarn sim) throws InterruptedException {
        ProgressBar bar = ProgressBar.forConsole(out);
        long wallStart = System.nanoTime();
        double startHours = sim.barnHours();
        while (!sim.site().complete() && sim.barnHours() < options.maxHours()) {
            sim.step();
            double hours = sim.barnHours();
            sim.site().state().ifPresent(s ->
                    bar.update(Math.min(0.99, hours / TYPICAL_CURE_HOURS), () -> status(s, hours)));
            pace(wallStart, (hours - startHours) * 3600);
        }
        double endHours = sim.barnHours();
        bar.update(1.0, () -> sim.site().state().map(s -> status(s, endHours)).orElse(""));
        bar.finish();
        return (System.nanoTime() - wallStart) / 1e9;
    }


    /** With {@code --speed N}, waits so that barn time runs N times faster than the wall clock. */
    private void pace(long wallStart, double simSeconds) throws InterruptedException {
        if (options.speed() <= 0) {
            return;
        }
        long dueNanos = wallStart + (long) (simSeconds / options.speed() * 1e9);
        long wait = dueNanos - System.nanoTime();
        if (wait > 1_000_000) {
            Thread.sleep(wait / 1_000_000);
        }
    }

    private static String status(CureState s, double hours) {
        return String.format(Locale.ROOT, "%5.1f h  %-13s %d %-16s %-5s dry %s/%s  wet %s/%s °C",
                hours, s.stage().fileName(), s.stepIndex(), s.stepName(), shortPhase(s.phase()),
                temp(s.dryBulb()), target(s.rampDryCelsius()), temp(s.wetBulb()), target(s.rampWetCelsius()));
    }

    private static String shortPhase(CurePhase p) {
        return switch (p) {
            case RAMP -> "ramp";
            case HOLD -> "hold";
            case AWAITING_CONFIRMATION -> "ask";
            case COMPLETE -> "done";
        };
    }

    private static String temp(TemperatureReading r) {
        return r instanceof TemperatureReading.Valid v ? String.format(Locale.ROOT, "%4.1f", v.celsius()) : "  --";
    }

    private static String target(OptionalDouble t) {
        return t.isPresent() ? String.format(Locale.ROOT, "%4.1f", t.getAsDouble()) : "  --";
    }
}
