package io.edgetally.barn.curing;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How the actuators are driven: minimum on/off times, the damper's deadband and dwell, the low-wet rule. */
class CuringActuatorTest {

    private static BarnScenario scenario(CuringTuning tuning, Duration period) {
        BarnScenario s = new BarnScenario(new ScheduleLoader().builtIn("middle-leaf"), tuning, period);
        s.keepHistory = true;
        return s;
    }

    @Test
    void resistiveStagesKeepTheirMinimumOnAndOffTimes() {
        BarnScenario s = scenario(CuringTuning.defaults(), Duration.ofSeconds(10));
        s.leap(Duration.ofHours(30));
        // the test barn needs up to two stages in yellowing; both must cycle within their minimum times
        for (int stage = 1; stage <= 2; stage++) {
            int k = stage;
            List<Duration> runs = runLengths(s.history, c -> c.outputs().heaterStagesOn() >= k);
            assertThat(runs).as("stage %d switched", k).isNotEmpty();
            assertThat(runs).as("stage %d on and off periods", k).allSatisfy(
                    d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(60)));
        }
    }

    @Test
    void aHeatPumpCompressorRunsFiveMinutesAndRestsThreeAndDehumidifies() {
        BarnScenario s = scenario(CuringTuning.defaults().withPlant(HeaterPlant.HeatPump.defaults()),
                Duration.ofSeconds(15));
        s.barn.heatPump = true;
        s.leap(Duration.ofHours(30));
        assertThat(s.history).allSatisfy(c -> assertThat(c.outputs().heaterStagesOn()).isBetween(0, 1));
        List<Duration> runs = runLengths(s.history, c -> c.outputs().heaterStagesOn() == 1);
        assertThat(runs.size()).as("compressor cycles").isGreaterThan(10);
        assertThat(runs).as("every rest and run").allSatisfy(
                d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMinutes(3)));
        assertThat(runLengths(s.history, c -> c.outputs().heaterStagesOn() == 1, true)).as("every run")
                .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMinutes(5)));
        assertThat(s.history).anyMatch(c -> c.outputs().dehumidifierOn());
    }

    @Test
    void theDamperMovesNoMoreOftenThanItsDwell() {
        BarnScenario s = scenario(CuringTuning.defaults(), Duration.ofSeconds(10));
        s.leap(Duration.ofHours(30));
        Instant lastMove = null;
        double last = -1;
        int moves = 0;
        for (CycleResult c : s.history) {
            double p = c.outputs().damperOpenFraction();
            if (last >= 0 && p != last && c.state().stepIndex() > 0) {
                if (lastMove != null) {
                    assertThat(Duration.between(lastMove, c.state().at())).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
                }
                lastMove = c.state().at();
                moves++;
            }
            last = p;
        }
        assertThat(moves).as("moves in 27 h of curing").isBetween(20, 27 * 30);
    }

    @Test
    void wetBulbTooHighOpensTheDamperAndStayingLowBelow40ClosesIt() {
        BarnScenario s = scenario(CuringTuning.defaults(), Duration.ofSeconds(20));
        s.leap(Duration.ofHours(12));
        assertThat(s.state().stepIndex()).isEqualTo(1);
        double before = s.last.outputs().damperOpenFraction();
        s.sensors = in -> withWet(in, s.state().rampWetCelsius().getAsDouble() + 1.5);
        s.leap(Duration.ofMinutes(20));
        double opened = s.last.outputs().damperOpenFraction();
        assertThat(opened).as("wet too high: open").isGreaterThan(before);

        s.sensors = in -> withWet(in, s.state().rampWetCelsius().getAsDouble() - 1.5);
        s.leap(Duration.ofMinutes(10));
        assertThat(s.last.outputs().damperOpenFraction()).as("wet too low: close").isLessThan(opened)
                .isGreaterThan(0.0);
        s.leap(Duration.ofMinutes(25));
        assertThat(s.last.outputs().damperOpenFraction()).as("low below 40 °C for 30 min: closed").isZero();
    }

    @Test
    void anIrregularControlPeriodStillFollowsTheCurve() {
        BarnScenario s = scenario(CuringTuning.defaults(), Duration.ofSeconds(20));
        Random r = new Random(7);
        s.nextPeriod = () -> Duration.ofMillis(10_000 + r.nextInt(20_000));
        s.leap(Duration.ofHours(3).plusMinutes(1));
        double start = s.state().rampDryCelsius().getAsDouble();
        s.leap(Duration.ofHours(5));
        assertThat(s.state().rampDryCelsius().getAsDouble()).isCloseTo(start + 5, org.assertj.core.api.Assertions.within(0.2));
        assertThat(CuringControllerTest.dry(s.state())).isCloseTo(s.state().rampDryCelsius().getAsDouble(),
                org.assertj.core.api.Assertions.within(0.6));
    }

    private static final Random NOISE = new Random(3);

    /** A wet-bulb reading near {@code wet}, with probe noise so it does not look stuck. */
    private static BarnInputs withWet(BarnInputs in, double wet) {
        return new BarnInputs(in.at(), in.dryBulb(),
                new TemperatureReading.Valid(wet + (NOISE.nextDouble() - 0.5) * 0.06), in.airflowProven(),
                in.cutoutTripped());
    }

    /** Durations of complete runs (on and off alternately, the first and last partial runs left out). */
    static List<Duration> runLengths(List<CycleResult> history, Function<CycleResult, Boolean> on) {
        List<Duration> out = new ArrayList<>();
        for (Duration[] d : runs(history, on)) {
            out.add(d[0]);
        }
        return out;
    }

    /** Durations of complete on-runs only ({@code onOnly}) or of all complete runs. */
    static List<Duration> runLengths(List<CycleResult> history, Function<CycleResult, Boolean> on, boolean onOnly) {
        List<Duration> out = new ArrayList<>();
        for (Duration[] d : runs(history, on)) {
            if (!onOnly || d[1] != null) {
                out.add(d[0]);
            }
        }
        return out;
    }

    /** Each complete run: [length, non-null marker if it was an on-run]. */
    private static List<Duration[]> runs(List<CycleResult> history, Function<CycleResult, Boolean> on) {
        List<Duration[]> out = new ArrayList<>();
        Instant since = null;
        Boolean state = null;
        for (CycleResult c : history) {
            boolean now = on.apply(c);
            if (state != null && now != state) {
                if (since != null) {
                    out.add(new Duration[] {Duration.between(since, c.state().at()), state ? Duration.ZERO : null});
                }
                since = c.state().at();
            }
            state = now;
        }
        return out;
    }
}
