package io.edgetally.sim.demo;

import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.config.BarnConfig;
import io.edgetally.io.TemperatureReading;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.verify.EnrolledDevice;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.sim.registry.ReferenceRegistry;
import io.edgetally.sim.registry.VerifyingAcceptor;
import io.edgetally.sim.site.SimulatedBarn;
import io.edgetally.store.Database;
import io.edgetally.tally.DeviceKeys;
import io.edgetally.tally.TallyService;
import io.edgetally.uplink.UplinkStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole cure in one process: the barn model behind simulated field wiring, and the real controller driving it
 * through Pi4J (mock provider), 1-Wire files and Modbus TCP, on an accelerated clock, with a progress bar.
 */
public final class BarnDemo {

    /** What the demo is asked to do. */
    public record Options(Path out, BarnConfig.Heating heating, String schedule, double speed, Duration cycle,
                          double maxHours, long seed, boolean resume, boolean keepWorld) {}

    /** What came of it. */
    public record Outcome(boolean complete, double barnHours, double wallSeconds, BarnSimulator barn, long batchId,
                          Path database, CuringSchedule schedule, int heaterStages, Reports reports,
                          JsonValue batchTally) {

        /** Every tally record the device wrote is acknowledged by the registry, which holds them all. */
        public boolean allAcknowledged() {
            return reports.drained() && reports.acknowledged() == reports.written()
                    && reports.registryHolds() == reports.written();
        }
    }

    /** The uplink's count at the end: written by the ledger, acknowledged, held by the registry, rejected. */
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
        if (!options.resume()) {
            for (String f : new String[] {"registry.db", "registry.db-wal", "registry.db-shm"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
        }
        // the device's key, where a device keeps it ('keys show --data-dir DIR' finds it), enrolled with the registry
        DeviceKeys keys = DeviceKeys.loadOrCreate(DeviceKeys.fileIn(dir));
        try (SimulatedBarn sim = new SimulatedBarn(o);
             EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             ReferenceRegistry registry = registry(broker, sim, keys)) {
            // exactly what 'edgetally run' builds for the config the simulated barn wrote; the uplink's ack timeout
            // runs on the barn's accelerated clock and the registry answers in wall time, so a timeout of seconds
            // would resend every report before its ack could arrive
            sim.start(SimulatedBarn.Boot.withUplink(broker.plainUri(), Duration.ofHours(6)));
            out.println("operator view while it runs: ./edgetally status " + sim.service().coap().coapUri()
                    + "   (slow it down with --speed 2000)");
            double wall = runCure(sim);
            TallyService services = sim.service().tally();
            long written = services.ledger().ledger().lastSeq();
            boolean drained = services.uplink().orElseThrow().awaitDrained(Duration.ofSeconds(60));
            String device = sim.config().device();
            return new Outcome(sim.site().complete(), sim.barnHours(), wall, sim.barn(), sim.site().batchId(),
                    sim.databaseFile(), sim.schedule(), sim.config().barn().heaterStages(),
                    new Reports(written, services.uplinkStatus().map(UplinkStatus::lastAckedSeq).orElse(0L),
                            registry.highestContiguous(device), registry.rejectedReceived(device), drained),
                    TallyService.totalsJson(services.batchTotals()));
        }
    }

    /** The reference registry with the device enrolled; on a resumed demo it carries on from what it holds. */
    private static ReferenceRegistry registry(EmbeddedBroker broker, SimulatedBarn sim, DeviceKeys keys) {
        VerifyingAcceptor acceptor = new VerifyingAcceptor(List.of(EnrolledDevice.of(sim.config().site(),
                sim.config().device(), keys.publicKeyBase64())), MethodologyRegistry.builtIn());
        ReferenceRegistry registry = new ReferenceRegistry(broker.plainUri(), "demo-registry",
                sim.databaseFile().resolveSibling("registry.db"), acceptor, Clock.systemUTC());
        List<io.edgetally.sim.registry.StoredReport> held = registry.reports(sim.config().device());
        if (!held.isEmpty()) {
            acceptor.resumeAfter(held.get(held.size() - 1).payload());
        }
        registry.start(); // before the device's uplink connects: the registry is there first, as in the field
        return registry;
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
