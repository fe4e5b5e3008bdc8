package io.edgetally.barn.curing;

import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How fast the controller runs a cycle (for the demo's speed budget: a 150-hour cure at a 15 s period is 36,000
 * cycles) and how well it tracks in barns heavier and lighter than the unit tests' default. Not a unit test; run:
 *
 * <pre>
 *   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -q -o -pl firmware-app -am test-compile
 *   java -cp firmware-app/target/test-classes:firmware-app/target/classes:protocol/target/classes:\
 *       ~/.m2/repository/org/snakeyaml/snakeyaml-engine/2.10/snakeyaml-engine-2.10.jar \
 *       io.edgetally.barn.curing.CuringControllerBenchmark
 * </pre>
 */
public final class CuringControllerBenchmark {

    private CuringControllerBenchmark() {}

    public static void main(String[] args) {
        CuringSchedule schedule = new ScheduleLoader().builtIn("middle-leaf");
        for (int round = 0; round < 3; round++) {
            controllerOnly(schedule);
        }
        // {heat capacity start, end J/K; wall UA W/K; wet-bulb lag s; dry-bulb lag s; evaporation scale; period s}
        double[][] barns = {
            {15e6, 6e6, 250, 180, 45, 1.0, 15},
            {15e6, 6e6, 250, 300, 60, 1.0, 30},
            {15e6, 3e6, 100, 120, 30, 1.2, 10},
            {20e6, 8e6, 250, 300, 60, 1.2, 30},
        };
        for (double[] b : barns) {
            tracking(schedule, b);
        }
    }

    /** Cycles per second of the controller alone, on a synthetic barn that follows its setpoint. */
    private static void controllerOnly(CuringSchedule schedule) {
        CuringController c = new CuringController(schedule, CuringTuning.defaults());
        Instant at = Instant.parse("2026-07-01T00:00:00Z");
        double dry = 27;
        double wet = 24;
        int cycles = 0;
        long start = System.nanoTime();
        CycleResult r = null;
        while (cycles < 200_000 && (r == null || r.state().phase() != CurePhase.COMPLETE)) {
            r = c.step(new BarnInputs(at, new TemperatureReading.Valid(dry + (cycles % 7) * 0.01),
                    new TemperatureReading.Valid(wet + (cycles % 5) * 0.01), true, false),
                    r != null && r.state().phase() == CurePhase.AWAITING_CONFIRMATION
                            ? List.of(new OperatorCommand.Confirm("bench")) : List.of());
            dry = r.state().rampDryCelsius().orElse(dry);
            wet = r.state().rampWetCelsius().orElse(wet);
            at = at.plusSeconds(15);
            cycles++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "controller only: %d cycles (%.0f barn-hours) in %.3f s = %.0f cycles/s%n",
                cycles, cycles * 15 / 3600.0, seconds, cycles / seconds);
    }

    private static void tracking(CuringSchedule schedule, double[] b) {
        BarnScenario s = new BarnScenario(schedule, CuringTuning.defaults(), Duration.ofSeconds((long) b[6]));
        s.barn.wallUaWPerK = b[2];
        s.barn.wetLagS = b[3];
        s.barn.dryLagS = b[4];
        double dry2 = 0;
        double wet2 = 0;
        int n = 0;
        boolean done = false;
        while (!done && s.clock.instant().isBefore(BarnScenario.START.plus(Duration.ofHours(220)))) {
            double h = Duration.between(BarnScenario.START, s.clock.instant()).toSeconds() / 3600.0;
            s.barn.capacityJPerK = Math.max(b[1], b[0] - h * (b[0] - b[1]) / 140);
            if (s.last != null) {
                s.barn.evaporationKgPerH = b[5] * switch (s.last.state().stage()) {
                    case YELLOWING -> 32;
                    case COLOUR_FIXING -> 31;
                    case STEM_DRYING -> 11;
                };
            }
            CycleResult c = s.cycle();
            CureState st = c.state();
            if (st.phase() == CurePhase.AWAITING_CONFIRMATION) {
                s.command(new OperatorCommand.Confirm("bench"));
            }
            if ((st.phase() == CurePhase.HOLD || st.phase() == CurePhase.AWAITING_CONFIRMATION)
                    && st.rampDryCelsius().isPresent()) {
                dry2 += Math.pow(((TemperatureReading.Valid) st.dryBulb()).celsius()
                        - st.rampDryCelsius().getAsDouble(), 2);
                wet2 += Math.pow(((TemperatureReading.Valid) st.wetBulb()).celsius()
                        - st.rampWetCelsius().getAsDouble(), 2);
                n++;
            }
            done = st.phase() == CurePhase.COMPLETE;
        }
        System.out.printf(Locale.ROOT, "barn C %.0f->%.0f MJ/K UA %.0f lags %.0f/%.0f s evap x%.1f period %.0f s: "
                + "complete=%s after %.1f h, RMS in holds dry %.3f wet %.3f °C, alarms %s%n", b[0] / 1e6, b[1] / 1e6,
                b[2], b[4], b[3], b[5], b[6], done,
                Duration.between(BarnScenario.START, s.clock.instant()).toSeconds() / 3600.0,
                Math.sqrt(dry2 / n), Math.sqrt(wet2 / n),
                s.events(CuringEvent.AlarmRaised.class).stream().map(a -> a.alarm().code()).toList());
    }
}
