package io.edgetally.barn.curing;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.io.TemperatureReading.SensorFault;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault a barn lives with: heat off within two cycles of detection, a CRITICAL alarm an operator can act on,
 * the cure holding (clock frozen) rather than aborting, and the alarm clearing once the fault is gone.
 */
class CuringSafetyTest {

    private static final Duration PERIOD = Duration.ofSeconds(20);

    private final BarnScenario s =
            new BarnScenario(new ScheduleLoader().builtIn("middle-leaf"), CuringTuning.defaults(), PERIOD);

    static Stream<Arguments> immediateFaults() {
        return Stream.of(
                Arguments.of("dry-bulb probe open", "barn.dry-bulb.fault", "check the probe",
                        (UnaryOperator<BarnInputs>) in -> with(in, new TemperatureReading.Invalid(SensorFault.OPEN,
                                "dry-bulb probe 28-01 not on the bus"), in.wetBulb())),
                Arguments.of("wet-bulb probe shorted", "barn.wet-bulb.fault", "check the probe",
                        (UnaryOperator<BarnInputs>) in -> with(in, in.dryBulb(),
                                new TemperatureReading.Invalid(SensorFault.SHORT, "wet-bulb probe reads the rail"))),
                Arguments.of("wet bulb above dry bulb", "barn.wet-above-dry", "probes swapped",
                        (UnaryOperator<BarnInputs>) in -> with(in, in.dryBulb(),
                                new TemperatureReading.Valid(value(in.dryBulb()) + 3))),
                Arguments.of("fan stopped", "barn.fan.no-airflow", "airflow switch",
                        (UnaryOperator<BarnInputs>) in -> new BarnInputs(in.at(), in.dryBulb(), in.wetBulb(), false,
                                false)),
                Arguments.of("over-temperature", "barn.over-temperature", "welded heater contactor",
                        (UnaryOperator<BarnInputs>) in -> with(in, new TemperatureReading.Valid(44), in.wetBulb())),
                Arguments.of("hardware cut-out tripped", "barn.cutout-tripped", "reset the cut-out by hand",
                        (UnaryOperator<BarnInputs>) in -> new BarnInputs(in.at(), in.dryBulb(), in.wetBulb(), true,
                                true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("immediateFaults")
    void aFaultStopsTheHeatWithinTwoCyclesAndHoldsTheCure(String fault, String code, String advice,
            UnaryOperator<BarnInputs> inject) {
        heating();
        Duration total = s.state().totalElapsed();
        s.sensors = inject;
        List<CycleResult> after = cycles(2);
        assertThat(after.get(1).outputs().heaterStagesOn()).as("heater off by the second cycle").isZero();
        Alarm alarm = after.get(1).state().activeAlarms().stream().filter(a -> a.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + code + " for " + fault));
        assertThat(alarm.severity()).isEqualTo(Alarm.Severity.CRITICAL);
        assertThat(alarm.message()).contains(advice).contains("Heating stopped");

        s.leap(Duration.ofMinutes(30));
        assertThat(s.last.outputs().heaterStagesOn()).isZero();
        assertThat(s.state().totalElapsed()).as("process clock frozen").isLessThanOrEqualTo(total.plus(PERIOD));
        assertThat(s.state().stepIndex()).isEqualTo(1);
        assertThat(s.state().holding().get()).startsWith("heat inhibited");

        s.sensors = UnaryOperator.identity();
        s.leap(Duration.ofMinutes(2));
        assertThat(s.state().activeAlarms()).extracting(Alarm::code).doesNotContain(code);
        assertThat(s.events(CuringEvent.AlarmCleared.class)).extracting(CuringEvent.AlarmCleared::code)
                .contains(code);
        assertThat(s.runUntil(c -> c.outputs().heaterStagesOn() > 0, Duration.ofMinutes(30)))
                .as("heat comes back once the fault is gone").isTrue();
    }

    @Test
    void aStuckProbeIsCaughtWhileHeating() {
        heating();
        double frozen = value(s.last.state().dryBulb());
        s.sensors = in -> with(in, new TemperatureReading.Valid(frozen), in.wetBulb());
        assertThat(s.runUntil(c -> !c.state().activeAlarms().isEmpty(), Duration.ofMinutes(40))).isTrue();
        Alarm alarm = s.state().activeAlarms().get(0);
        assertThat(alarm.code()).isEqualTo("barn.dry-bulb.stuck");
        assertThat(alarm.message()).contains("unchanged for 30 min");
        assertThat(Duration.between(BarnScenario.START, alarm.raisedAt())).isPositive();
        List<CycleResult> after = cycles(2);
        assertThat(after).allSatisfy(c -> assertThat(c.outputs().heaterStagesOn()).isZero());
        s.leap(Duration.ofHours(2));
        assertThat(s.state().activeAlarms()).as("stays latched while the value stays frozen").isNotEmpty();
        s.sensors = UnaryOperator.identity();
        s.leap(Duration.ofMinutes(2));
        assertThat(s.state().activeAlarms()).isEmpty();
    }

    @Test
    void aSteadyHoldWithANoisyProbeIsNotStuck() {
        heating();
        s.leap(Duration.ofHours(12));
        assertThat(s.events(CuringEvent.AlarmRaised.class)).isEmpty();
    }

    @Test
    void aDryWickIsCaughtAfterHoursAtNoDepression() {
        heating();
        s.runUntil(c -> c.state().phase() == CurePhase.HOLD, Duration.ofHours(12));
        s.sensors = in -> with(in, in.dryBulb(), new TemperatureReading.Valid(value(in.dryBulb()) - 0.1));
        s.leap(Duration.ofMinutes(110));
        assertThat(s.state().activeAlarms()).isEmpty();
        assertThat(s.runUntil(c -> !c.state().activeAlarms().isEmpty(), Duration.ofMinutes(15))).isTrue();
        assertThat(s.state().activeAlarms()).extracting(Alarm::code).containsExactly("barn.wet-bulb.dry-wick");
        assertThat(s.state().activeAlarms().get(0).message()).contains("wet the wick");
        assertThat(cycles(1).get(0).outputs().heaterStagesOn()).isZero();
        s.sensors = UnaryOperator.identity();
        s.leap(Duration.ofMinutes(10));
        assertThat(s.state().activeAlarms()).isEmpty();
    }

    @Test
    void aFanBlipOfOneCycleCutsHeatButRaisesNoAlarm() {
        heating();
        s.sensors = in -> new BarnInputs(in.at(), in.dryBulb(), in.wetBulb(), false, false);
        CycleResult blip = s.cycle();
        assertThat(blip.outputs().heaterStagesOn()).as("no heat without airflow").isZero();
        s.sensors = UnaryOperator.identity();
        s.leap(Duration.ofMinutes(5));
        assertThat(s.events(CuringEvent.AlarmRaised.class)).isEmpty();
    }

    @Test
    void aFanSlowToProveAtStartRaisesNoAlarm() {
        int[] cycle = {0};
        s.sensors = in -> cycle[0]++ < 2 ? new BarnInputs(in.at(), in.dryBulb(), in.wetBulb(), false, false) : in;
        s.leap(Duration.ofMinutes(10));
        assertThat(s.events(CuringEvent.AlarmRaised.class)).isEmpty();
    }

    @Test
    void aStuckDamperRaisesAWarningButKeepsHeating() {
        s.runUntil(c -> {
            if (c.state().phase() == CurePhase.AWAITING_CONFIRMATION) {
                s.command(new OperatorCommand.Confirm("tester"));
            }
            return c.state().stepIndex() == 2 && c.state().phase() == CurePhase.HOLD;
        }, Duration.ofHours(40));
        s.barn.maxVentKgPerH = 0; // the damper blade no longer moves air
        s.leap(Duration.ofHours(2));
        assertThat(s.state().activeAlarms()).extracting(Alarm::code).contains("curing.wet-bulb-off-target");
        assertThat(s.state().activeAlarms()).filteredOn(a -> a.code().equals("curing.wet-bulb-off-target"))
                .singleElement().satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Alarm.Severity.WARNING);
                    assertThat(a.message()).contains("check the damper motor");
                });
        assertThat(s.runUntil(c -> c.outputs().heaterStagesOn() > 0, Duration.ofMinutes(30))).isTrue();
    }

    /** Runs into the warm-up ramp until a heater stage is on. */
    private void heating() {
        s.leap(Duration.ofHours(4));
        assertThat(s.state().stepIndex()).isEqualTo(1);
        assertThat(s.runUntil(c -> c.outputs().heaterStagesOn() > 0, Duration.ofMinutes(30))).isTrue();
    }

    private List<CycleResult> cycles(int n) {
        List<CycleResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.cycle());
        }
        return out;
    }

    private static BarnInputs with(BarnInputs in, TemperatureReading dry, TemperatureReading wet) {
        return new BarnInputs(in.at(), dry, wet, in.airflowProven(), in.cutoutTripped());
    }

    private static double value(TemperatureReading r) {
        return ((TemperatureReading.Valid) r).celsius();
    }
}
