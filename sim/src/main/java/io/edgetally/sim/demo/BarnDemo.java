package io.edgetally.sim.demo;

import io.edgetally.barn.BarnIo;
import io.edgetally.barn.BarnSite;
import io.edgetally.barn.BarnWiring;
import io.edgetally.config.ConfigNode;
import io.edgetally.config.SiteConfig;
import io.edgetally.curing.CurePhase;
import io.edgetally.curing.CurePositionStore;
import io.edgetally.curing.CureState;
import io.edgetally.curing.CureStore;
import io.edgetally.curing.OperatorCommand;
import io.edgetally.curing.schedule.CuringSchedule;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.sim.barn.BarnParameters;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.barn.HeatingPlant;
import io.edgetally.sim.io.MockGpio;
import io.edgetally.sim.io.SimOneWireBus;
import io.edgetally.sim.site.BarnRig;
import io.edgetally.store.Database;
import io.edgetally.time.ManualClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A whole cure in one process: the barn model behind simulated field wiring, and the real controller driving it
 * through Pi4J (mock provider), 1-Wire files and Modbus TCP, on an accelerated clock.
 */
public final class BarnDemo {

    /** What the demo is asked to do. */
    public record Options(Path out, SiteConfig.Heating heating, String schedule, double speed, Duration cycle,
                          double maxHours, long seed) {}

    /** What came of it. */
    public record Outcome(boolean complete, double barnHours, double wallSeconds, BarnSimulator barn, long batchId,
                          Path database, CuringSchedule schedule, int heaterStages) {}

    private static final Instant START = Instant.parse("2026-07-15T00:00:00Z");

    private final Options options;
    private final PrintStream out;

    public BarnDemo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Outcome run() throws IOException, InterruptedException {
        Path dir = options.out();
        Files.createDirectories(dir);
        Path db = dir.resolve("edgetally.db");
        for (String f : new String[] {"edgetally.db", "edgetally.db-wal", "edgetally.db-shm"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        ManualClock clock = new ManualClock(START);
        HeatingPlant plant = options.heating() == SiteConfig.Heating.HEAT_PUMP
                ? HeatingPlant.HeatPump.defaults() : HeatingPlant.Resistive.defaults();
        BarnSimulator barn = new BarnSimulator(BarnParameters.defaults().withPlant(plant).withSeed(options.seed()));

        try (MockGpio gpio = new MockGpio()) {
            SiteConfig draft = config(dir, 502); // pins and probes only; the meter port is known once it listens
            BarnRig rig = new BarnRig(barn, gpio, new SimOneWireBus(oneWireFolder(dir)), draft, 24_071_501L);
            int port = rig.startMeter(0);
            String yaml = configYaml(dir, port);
            Files.writeString(dir.resolve("edgetally.yaml"), yaml);
            SiteConfig config = SiteConfig.from(ConfigNode.parse(dir.resolve("edgetally.yaml").toString(), yaml));
            SiteConfig.BarnConfig barnConfig = config.barn().orElseThrow();
            CuringSchedule schedule = BarnWiring.schedule(barnConfig, dir);

            try (Database database = Database.open(db, Database.Durability.NORMAL);
                 EnergyMeter meter = BarnWiring.meter(config.io().meters().get(0), clock)) {
                BarnIo io = BarnWiring.io(config, gpio.board(), clock);
                rig.publishSensors();
                BarnSite site = BarnSite.startOrResume(clock, io, meter, new CureStore(database),
                        new CurePositionStore(database), schedule, BarnWiring.tuning(barnConfig),
                        OptionalDouble.of(barn.parameters().leaf().freshLeafKg()), Duration.ofMinutes(1));

                ProgressBar bar = ProgressBar.forConsole(out);
                long wallStart = System.nanoTime();
                Duration cycle = options.cycle();
                double maxSeconds = options.maxHours() * 3600;
                double expectedHours = 140;
                while (!site.complete() && elapsedSeconds(clock) < maxSeconds) {
                    if (rig.powered()) {
                        site.cycle();
                        operator(site);
                        site.state().ifPresent(s -> barn.setStageLabel(s.stage().fileName()));
                    }
                    rig.advance(cycle);
                    clock.advance(cycle);
                    double hours = elapsedSeconds(clock) / 3600;
                    site.state().ifPresent(s -> bar.update(Math.min(0.99, hours / expectedHours), () -> status(s, hours)));
                    pace(wallStart, elapsedSeconds(clock));
                }
                site.flush();
                double endHours = elapsedSeconds(clock) / 3600;
                bar.update(1.0, () -> site.state().map(s -> status(s, endHours)).orElse(""));
                bar.finish();
                double wall = (System.nanoTime() - wallStart) / 1e9;
                rig.close();
                removeRamFolder();
                return new Outcome(site.complete(), elapsedSeconds(clock) / 3600, wall, barn, site.batchId(), db,
                        schedule, barnConfig.heaterStages());
            }
        }
    }

    /** The demo's operator: confirms a step as soon as the controller asks (the typical hold has run). */
    private static void operator(BarnSite site) {
        site.state().filter(s -> s.phase() == CurePhase.AWAITING_CONFIRMATION)
                .ifPresent(s -> site.submit(new OperatorCommand.Confirm("demo operator")));
    }

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

    private static double elapsedSeconds(ManualClock clock) {
        return Duration.between(START, clock.instant()).toMillis() / 1000.0;
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

    /**
     * Where the simulated 1-Wire probes live. On a Pi, /sys/bus/w1 is in memory; so is this folder where the
     * machine has a RAM file system, else it sits in the output folder.
     */
    private Path w1;

    private Path oneWireFolder(Path dir) {
        if (w1 == null) {
            Path shm = Path.of("/dev/shm");
            try {
                w1 = Files.isDirectory(shm) && Files.isWritable(shm)
                        ? Files.createTempDirectory(shm, "edgetally-w1-") : dir.resolve("w1");
            } catch (IOException e) {
                w1 = dir.resolve("w1");
            }
        }
        return w1;
    }

    private void removeRamFolder() throws IOException {
        if (w1 != null && w1.startsWith("/dev/shm")) {
            try (var files = Files.walk(w1)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private SiteConfig config(Path dir, int meterPort) {
        return SiteConfig.from(ConfigNode.parse("demo", configYaml(dir, meterPort)));
    }

    /** The configuration the demo's controller runs with: the same file a real barn has, pointed at the simulator. */
    String configYaml(Path dir, int meterPort) {
        boolean heatPump = options.heating() == SiteConfig.Heating.HEAT_PUMP;
        return """
                # Written by 'edgetally demo barn': the controller read this, as it reads /etc/edgetally/edgetally.yaml
                site: demo-jiange
                device: barn-01
                kind: curing-barn
                data-dir: %s
                cycle: %ds
                barn:
                  schedule: %s
                  heating: %s
                  heater-stages: %d
                  heater-stage-kw: %s
                  fresh-leaf-kg: 4000
                  damper-stroke: 90s
                io:
                  gpio:
                    provider: mock
                    relays:
                      heater-1: {pin: 5, active-low: true}
                %s      fan-run: {pin: 19, active-low: true}
                      fan-high: {pin: 26, active-low: true}
                      damper-open: {pin: 20, active-low: true}
                      damper-close: {pin: 21, active-low: true}
                    inputs:
                      airflow: {pin: 17, active-low: true}
                      cutout: {pin: 27}
                  onewire:
                    base-path: %s
                    dry-bulb: 28-00000000d001
                    wet-bulb: 28-00000000e001
                  meter:
                    model: sdm630
                    tcp: 127.0.0.1:%d
                    unit: 1
                    max-power-kw: 80
                """.formatted(dir.toAbsolutePath(), options.cycle().toSeconds(), options.schedule(),
                heatPump ? "heat-pump" : "resistive", heatPump ? 1 : 3, heatPump ? "16" : "18",
                heatPump ? "      dehumidifier: {pin: 6, active-low: true}\n"
                        : "      heater-2: {pin: 6, active-low: true}\n      heater-3: {pin: 13, active-low: true}\n",
                oneWireFolder(dir).toAbsolutePath(), meterPort);
    }
}
