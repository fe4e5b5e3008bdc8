package io.edgetally.barn.curing;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Rules that hold whatever the barn throws at the controller, checked over random fault scripts. */
class CuringPropertiesTest {

    private static final CuringSchedule SHORT = new ScheduleLoader().parse("""
            id: short
            name: short
            max-lag-h: 1
            steps:
              - {step: warm-up, stage: yellowing, dry-bulb-c: 35, wet-bulb-c: 34, ramp-c-per-h: 2, hold-h: 1, exit: time, fan: high}
              - {step: early fixing, stage: colour-fixing, dry-bulb-c: 47, wet-bulb-c: 37.5, ramp-c-per-h: 2, hold-h: 1, exit: operator, fan: high}
              - {step: late fixing, stage: colour-fixing, dry-bulb-c: 54, wet-bulb-c: 38, ramp-c-per-h: 2, hold-h: 1, exit: time, fan: high}
            """, "short.yaml");

    enum Fault { NONE, DRY_OPEN, WET_SHORT, NO_AIRFLOW, CUTOUT, HOT, CONFIRM }

    record Episode(Fault fault, int cycles, int periodSeconds) {}

    @Provide
    Arbitrary<List<Episode>> scripts() {
        Arbitrary<Episode> episode = Combinators.combine(
                Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(Fault.NONE)),
                        Tuple.of(1, Arbitraries.of(Fault.values()))),
                Arbitraries.integers().between(1, 150),
                Arbitraries.integers().between(10, 30)).as(Episode::new);
        return episode.list().ofMinSize(5).ofMaxSize(30);
    }

    @Property(tries = 25)
    void heatIsOffDuringFaultsAndSetpointsNeverJump(@ForAll("scripts") List<Episode> script) {
        BarnScenario s = new BarnScenario(SHORT, CuringTuning.defaults(), Duration.ofSeconds(20));
        double lastSetpoint = Double.NaN;
        java.time.Instant lastAt = s.clock.instant();
        int lastStep = 0;
        for (Episode e : script) {
            s.nextPeriod = () -> Duration.ofSeconds(e.periodSeconds());
            s.sensors = in -> inject(e.fault(), in);
            for (int i = 0; i < e.cycles(); i++) {
                if (e.fault() == Fault.CONFIRM && i == 0) {
                    s.command(new OperatorCommand.Confirm("prop"));
                }
                CycleResult c = s.cycle();
                CureState st = c.state();
                boolean faulted = switch (e.fault()) {
                    case DRY_OPEN, WET_SHORT, NO_AIRFLOW, CUTOUT, HOT -> true;
                    case NONE, CONFIRM -> false;
                };
                if (faulted) {
                    assertThat(c.outputs().heaterStagesOn()).as("heat during %s", e.fault()).isZero();
                }
                if (st.activeAlarms().stream().anyMatch(a -> a.severity() == Alarm.Severity.CRITICAL)) {
                    assertThat(c.outputs().heaterStagesOn()).as("heat with a critical alarm").isZero();
                }
                assertThat(st.stepIndex()).isGreaterThanOrEqualTo(lastStep);
                if (st.rampDryCelsius().isPresent()) {
                    double sp = st.rampDryCelsius().getAsDouble();
                    if (st.stepIndex() <= 1) {
                        assertThat(sp).as("50 °C rule").isLessThanOrEqualTo(50.0);
                    }
                    if (!Double.isNaN(lastSetpoint) && st.stepIndex() == lastStep) {
                        double dt = Duration.between(lastAt, st.at()).toMillis() / 1000.0;
                        assertThat(Math.abs(sp - lastSetpoint)).as("setpoint move in one cycle")
                                .isLessThanOrEqualTo(2.0 * dt / 3600.0 + 1e-9);
                    }
                    lastSetpoint = sp;
                }
                lastStep = st.stepIndex();
                lastAt = st.at();
            }
        }
    }

    private static BarnInputs inject(Fault f, BarnInputs in) {
        return switch (f) {
            case NONE, CONFIRM -> in;
            case DRY_OPEN -> new BarnInputs(in.at(), new TemperatureReading.Invalid(
                    TemperatureReading.SensorFault.OPEN, "dry"), in.wetBulb(), true, false);
            case WET_SHORT -> new BarnInputs(in.at(), in.dryBulb(), new TemperatureReading.Invalid(
                    TemperatureReading.SensorFault.SHORT, "wet"), true, false);
            case NO_AIRFLOW -> new BarnInputs(in.at(), in.dryBulb(), in.wetBulb(), false, false);
            case CUTOUT -> new BarnInputs(in.at(), in.dryBulb(), in.wetBulb(), true, true);
            case HOT -> new BarnInputs(in.at(), new TemperatureReading.Valid(85), in.wetBulb(), true, false);
        };
    }
}
