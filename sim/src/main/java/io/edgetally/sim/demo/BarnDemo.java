package io.edgetally.sim.demo;

import io.edgetally.config.SiteConfig;
import io.edgetally.curing.CurePhase;
import io.edgetally.curing.CureState;
import io.edgetally.curing.schedule.CuringSchedule;
import io.edgetally.io.TemperatureReading;
import io.edgetally.sim.barn.BarnSimulator;
import io.edgetally.sim.site.SimulatedBarn;
import io.edgetally.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A whole cure in one process: the barn model behind simulated field wiring, and the real controller driving it
 * through Pi4J (mock provider), 1-Wire files and Modbus TCP, on an accelerated clock, with a progress bar.
 */
public final class BarnDemo {

    /** What the demo is asked to do. */
    public record Options(Path out, SiteConfig.Heating heating, String schedule, double speed, Duration cycle,
                          double maxHours, long seed, boolean resume, boolean keepWorld) {}

    /** What came of it. */
    public record Outcome(boolean complete, double barnHours, double wallSeconds, BarnSimulator barn, long batchId,
                          Path database, CuringSchedule schedule, int heaterStages) {}

    private static final double TYPICAL_CURE_HOURS = 140;

    private final Options options;
    private final PrintStream out;

    public BarnDemo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Outcome run() throws IOException, InterruptedException {
        SimulatedBarn.Options o = new SimulatedBarn.Options(options.out(), options.heating(), options.schedule(),
                options.cycle(), options.seed(), options.resume(), options.keepWorld(), Database.Durability.NORMAL);
        try (SimulatedBarn sim = new SimulatedBarn(o, site -> { })) {
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
            double wall = (System.nanoTime() - wallStart) / 1e9;
            return new Outcome(sim.site().complete(), endHours, wall, sim.barn(), sim.site().batchId(),
                    sim.databaseFile(), sim.schedule(), sim.config().barn().orElseThrow().heaterStages());
        }
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
