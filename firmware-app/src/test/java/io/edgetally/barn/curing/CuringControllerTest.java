package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.schedule.BulbTargets;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.CuringStep;
import io.edgetally.barn.curing.schedule.ExitRule;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.barn.curing.schedule.Stage;
import io.edgetally.io.TemperatureReading;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The cure's behaviour over barn time: ramps, holds, the process clock, operator steps, the 50 °C rule. */
class CuringControllerTest {

    private static final Duration PERIOD = Duration.ofSeconds(20);

    private final BarnScenario s =
            new BarnScenario(new ScheduleLoader().builtIn("middle-leaf"), CuringTuning.defaults(), PERIOD);

    @Test
    void loadingKeepsHeatOffVentsClosedAndFanHighForThreeHours() {
        CycleResult first = s.cycle();
        assertThat(first.outputs()).isEqualTo(new BarnOutputs(0, false, 0.0, FanSpeed.HIGH));
        assertThat(first.events()).first().isInstanceOf(CuringEvent.StepStarted.class);
        s.leap(Duration.ofHours(3).minus(PERIOD.multipliedBy(2)));
        assertThat(s.state().stepIndex()).isZero();
        assertThat(s.last.outputs().heaterStagesOn()).isZero();
        s.leap(Duration.ofMinutes(15));
        assertThat(s.state().stepName()).isEqualTo("warm-up");
        assertThat(s.state().phase()).isEqualTo(CurePhase.RAMP);
        assertThat(s.state().rampDryCelsius().getAsDouble()).as("the ramp starts where the barn is")
                .isCloseTo(27.0, within(0.6));
    }

    @Test
    void theSetpointRampsAtTheStepRateAndTheBarnFollows() {
        toStep(1);
        double start = s.state().rampDryCelsius().getAsDouble();
        s.leap(Duration.ofHours(4));
        CureState st = s.state();
        assertThat(st.rampDryCelsius().getAsDouble()).isCloseTo(start + 4.0, within(0.1));
        assertThat(dry(st)).isCloseTo(st.rampDryCelsius().getAsDouble(), within(0.5));
        assertThat(st.holding()).isEmpty();
    }

    @Test
    void theHoldStartsWhenTheTargetIsReached() {
        toStep(1);
        assertThat(s.runUntil(c -> c.state().phase() == CurePhase.HOLD, Duration.ofHours(12))).isTrue();
        CureState st = s.state();
        assertThat(s.events(CuringEvent.HoldStarted.class)).hasSize(1);
        assertThat(st.rampDryCelsius().getAsDouble()).isEqualTo(35.0);
        assertThat(st.rampWetCelsius().getAsDouble()).isEqualTo(34.0);
        assertThat(dry(st)).isCloseTo(35.0, within(1.0));
        assertThat(st.stepElapsed()).isLessThanOrEqualTo(PERIOD);
    }

    @Test
    void theProcessClockStopsOffTheCurveAndTheLagAlarmHoldsWithoutAborting() {
        toStep(2);
        s.runUntil(c -> c.state().phase() == CurePhase.HOLD, Duration.ofHours(10));
        s.leap(Duration.ofHours(2));
        s.barn.heaterDead = true;
        s.runUntil(c -> c.state().holding().isPresent(), Duration.ofHours(3));
        Duration frozenStep = s.state().stepElapsed();
        Duration frozenTotal = s.state().totalElapsed();
        assertThat(s.state().holding().get()).contains("off the curve").contains("below the setpoint");

        s.leap(Duration.ofHours(2).plusMinutes(5));
        assertThat(s.state().activeAlarms()).filteredOn(a -> a.code().equals("curing.max-lag")).singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(Alarm.Severity.WARNING);
                    assertThat(a.message()).contains("cannot keep up").contains("check the heater");
                });
        assertThat(s.state().activeAlarms()).allSatisfy(
                a -> assertThat(a.severity()).as("a lag is no fault").isEqualTo(Alarm.Severity.WARNING));
        s.leap(Duration.ofHours(20));
        assertThat(s.state().stepIndex()).as("holds, never aborts or moves on").isEqualTo(2);
        assertThat(s.state().phase()).isEqualTo(CurePhase.HOLD);
        assertThat(s.state().stepElapsed()).isEqualTo(frozenStep);
        assertThat(s.state().totalElapsed()).isEqualTo(frozenTotal);
        assertThat(s.last.outputs().heaterStagesOn()).as("still asking for heat").isEqualTo(3);

        s.barn.heaterDead = false;
        assertThat(s.runUntil(c -> c.state().holding().isEmpty(), Duration.ofHours(6))).isTrue();
        s.leap(Duration.ofMinutes(30));
        assertThat(s.state().activeAlarms()).isEmpty();
        assertThat(s.state().stepElapsed()).isGreaterThan(frozenStep);
    }

    @Test
    void anOperatorStepWaitsAtItsTargetUntilConfirmed() {
        toStep(1);
        s.runUntil(c -> c.state().phase() == CurePhase.AWAITING_CONFIRMATION, Duration.ofHours(20));
        assertThat(s.events(CuringEvent.WaitingForOperator.class)).singleElement()
                .satisfies(w -> assertThat(w.prompt()).isEqualTo("leaf tips yellow"));
        s.leap(Duration.ofHours(3));
        assertThat(s.state().phase()).isEqualTo(CurePhase.AWAITING_CONFIRMATION);
        assertThat(s.state().holding().get()).contains("leaf tips yellow");
        assertThat(dry(s.state())).isCloseTo(35.0, within(0.5));

        s.command(new OperatorCommand.Confirm("li.wei"));
        CycleResult c = s.cycle();
        assertThat(c.events()).extracting(CuringEvent::kind)
                .containsSubsequence("operator-confirm", "step-completed", "step-started");
        assertThat(c.events().get(0)).isInstanceOfSatisfying(CuringEvent.OperatorAction.class, a -> {
            assertThat(a.accepted()).isTrue();
            assertThat(a.command().who()).isEqualTo("li.wei");
        });
        assertThat(c.state().stepName()).isEqualTo("main yellowing");
        assertThat(c.position().stepIndex()).as("the position the site saves this cycle").isEqualTo(2);
    }

    @Test
    void aStepWaitingTooLongRaisesAWarning() {
        toStep(1);
        s.runUntil(c -> c.state().phase() == CurePhase.AWAITING_CONFIRMATION, Duration.ofHours(20));
        s.leap(Duration.ofHours(4).plusMinutes(1));
        assertThat(s.state().activeAlarms()).extracting(Alarm::code).containsExactly("curing.operator-overdue");
        s.command(new OperatorCommand.Extend(Duration.ofHours(1), "zhang"));
        s.cycle();
        assertThat(s.state().activeAlarms()).isEmpty();
        assertThat(s.state().phase()).isEqualTo(CurePhase.HOLD);
        s.leap(Duration.ofMinutes(59));
        assertThat(s.state().phase()).isEqualTo(CurePhase.HOLD);
        s.leap(Duration.ofMinutes(2));
        assertThat(s.state().phase()).as("asks again after the extension").isEqualTo(CurePhase.AWAITING_CONFIRMATION);
    }

    @Test
    void confirmOnATimedStepIsRefusedAdvanceEndsAnyStep() {
        toStep(2);
        s.command(new OperatorCommand.Confirm("li.wei"));
        CycleResult refused = s.cycle();
        assertThat(refused.events()).singleElement().isInstanceOfSatisfying(CuringEvent.OperatorAction.class,
                a -> {
                    assertThat(a.accepted()).isFalse();
                    assertThat(a.detail()).contains("ends by time").contains("advance");
                });
        assertThat(refused.state().stepIndex()).isEqualTo(2);
        s.command(new OperatorCommand.Advance("li.wei"));
        CycleResult advanced = s.cycle();
        assertThat(advanced.state().stepName()).isEqualTo("late yellowing");
        assertThat(s.events(CuringEvent.StepCompleted.class)).last()
                .satisfies(e -> assertThat(e.how()).isEqualTo("advanced"));
        double before = advanced.state().rampDryCelsius().getAsDouble();
        s.cycle();
        assertThat(s.state().rampDryCelsius().getAsDouble() - before).as("no jump on a step change")
                .isLessThan(0.01);
    }

    @Test
    void commandsAfterTheLastStepAreRefused() {
        CuringStep only = new CuringStep(0, "only", Stage.STEM_DRYING, Optional.empty(), 0, Duration.ofHours(1),
                ExitRule.TIME, "", FanSpeed.LOW, Duration.ofHours(1));
        BarnScenario b = new BarnScenario(new CuringSchedule("one", "one", "test", List.of(only)),
                CuringTuning.defaults(), PERIOD);
        b.command(new OperatorCommand.Advance("li.wei"));
        b.command(new OperatorCommand.Advance("li.wei"));
        CycleResult c = b.cycle();
        assertThat(c.events()).filteredOn(e -> e instanceof CuringEvent.CureComplete).hasSize(1);
        assertThat(c.events()).filteredOn(e -> e instanceof CuringEvent.OperatorAction a && !a.accepted())
                .hasSize(1);
        assertThat(c.state().phase()).isEqualTo(CurePhase.COMPLETE);
        assertThat(c.outputs()).isEqualTo(new BarnOutputs(0, false, 1.0, FanSpeed.OFF));
    }

    @Test
    void extendLengthensATimedHold() {
        toStep(3);
        s.runUntil(c -> c.state().phase() == CurePhase.HOLD, Duration.ofHours(12));
        s.command(new OperatorCommand.Extend(Duration.ofHours(2), "zhang"));
        s.leap(Duration.ofHours(9));
        assertThat(s.state().stepName()).isEqualTo("late yellowing");
        s.leap(Duration.ofHours(1).plusMinutes(5));
        assertThat(s.state().stepName()).isEqualTo("early fixing");
        assertThat(s.events(CuringEvent.StepCompleted.class)).last()
                .satisfies(e -> assertThat(e.holdElapsed()).isBetween(Duration.ofHours(10), Duration.ofMinutes(601)));
    }

    @Test
    void noSetpointAbove50BeforeTheVeinsAreConfirmed() {
        toStep(4);
        s.keepHistory = true;
        s.runUntil(c -> c.state().phase() == CurePhase.AWAITING_CONFIRMATION, Duration.ofHours(40));
        s.leap(Duration.ofHours(2));
        assertThat(s.history).allSatisfy(c -> assertThat(c.state().rampDryCelsius().getAsDouble()).isLessThanOrEqualTo(50));
        s.command(new OperatorCommand.Confirm("li.wei"));
        s.leap(Duration.ofHours(8));
        assertThat(s.state().rampDryCelsius().getAsDouble()).isGreaterThan(50);
    }

    @Test
    void aScheduleBuiltInCodeStillCannotHeatAbove50BeforeTheVeinsAreConfirmed() {
        CuringStep hot = new CuringStep(0, "too hot", Stage.YELLOWING, Optional.of(new BulbTargets(55, 40)), 5.0,
                Duration.ofHours(10), ExitRule.TIME, "", FanSpeed.HIGH, Duration.ofHours(2));
        BarnScenario b = new BarnScenario(new CuringSchedule("hot", "hot", "test", List.of(hot)),
                CuringTuning.defaults(), PERIOD);
        b.leap(Duration.ofHours(10));
        assertThat(b.state().targetDryCelsius()).hasValue(50.0);
        assertThat(b.state().rampDryCelsius().getAsDouble()).isEqualTo(50.0);
        assertThat(dry(b.state())).isLessThan(51.0);
    }

    @Test
    void everyCyclesPositionIsWhereTheCureStandsAtThatCycle() {
        s.keepHistory = true;
        s.leap(Duration.ofHours(3).plusMinutes(2));
        for (CycleResult c : s.history) {
            assertThat(c.position().savedAt()).as("stamped with its own cycle").isEqualTo(c.state().at());
            assertThat(c.position().stepIndex()).isEqualTo(c.state().stepIndex());
            assertThat(c.position().phase()).isEqualTo(c.state().phase());
            assertThat(c.position().stepElapsed()).isEqualTo(c.state().stepElapsed());
            assertThat(c.position().totalElapsed()).isEqualTo(c.state().totalElapsed());
        }
        CycleResult change = s.history.stream()
                .filter(c -> c.events().stream().anyMatch(e -> e instanceof CuringEvent.StepStarted)).skip(1)
                .findFirst().orElseThrow();
        assertThat(change.position().stepIndex()).isEqualTo(1);
    }

    @Test
    void theEstimateCountsRampsAndHolds() {
        s.cycle();
        double hours = s.state().estimatedRemaining().toMinutes() / 60.0;
        // holds 81 h, ramps 58.5 h from 27 °C (warm-up 8 h counted from the barn's start)
        assertThat(hours).isCloseTo(139.5, within(1.0));
    }

    private void toStep(int index) {
        s.cycle();
        while (s.state().stepIndex() < index) {
            if (s.state().phase() == CurePhase.AWAITING_CONFIRMATION) {
                s.command(new OperatorCommand.Confirm("tester"));
            }
            s.cycle();
            assertThat(s.clock.instant()).isBefore(BarnScenario.START.plus(Duration.ofHours(150)));
        }
    }

    static double dry(CureState st) {
        return ((TemperatureReading.Valid) st.dryBulb()).celsius();
    }
}
