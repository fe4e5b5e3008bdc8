package io.edgetally.barn.curing;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A restart within the tuning's maxCycleGap takes up the control memory saved with the position: the barn cannot
 * tell it happened. Two barns from the same start, one of them restarted (its position and memory through their
 * JSON form, as the store keeps them), must produce the very same outputs, events and process times cycle for cycle.
 */
class CuringCarryOnTest {

    private static final Duration PERIOD = Duration.ofSeconds(15);
    private static final CuringTuning TUNING = CuringTuning.defaults();
    private final CuringSchedule schedule = new ScheduleLoader().builtIn("middle-leaf");

    /** No airflow proven (a fan breaker tripped) while {@code on}: a CRITICAL alarm with a clearing countdown. */
    private static UnaryOperator<BarnInputs> airflowLost() {
        return in -> new BarnInputs(in.at(), in.dryBulb(), in.wetBulb(), false, in.cutoutTripped());
    }

    @Test
    void aRestartWithinTheGapIsOneCycleToTheBarnEvenWithAnAlarmClearingAndTheHeaterMidCycle() {
        BarnScenario whole = new BarnScenario(schedule, TUNING, PERIOD);
        BarnScenario restarted = new BarnScenario(schedule, TUNING, PERIOD);
        AlarmBook book = new AlarmBook();
        // into the ramp of the first step with a target: heater stages switching, damper loop moving
        both(whole, restarted, Duration.ofHours(7));
        whole.sensors = airflowLost();
        restarted.sensors = airflowLost();
        both(whole, restarted, Duration.ofMinutes(2));
        whole.sensors = UnaryOperator.identity();
        restarted.sensors = UnaryOperator.identity();
        CycleResult beforeStop = restarted.cycle();
        whole.cycle();
        assertThat(beforeStop.state().activeAlarms()).as("test setup: the alarm is still clearing at the stop")
                .extracting(Alarm::code).contains(SafetyMonitor.NO_AIRFLOW);

        CurePosition saved = throughTheStore(beforeStop.position());
        restarted.controller = CuringController.resumeAt(schedule, TUNING, saved, book, restarted.clock.instant());
        assertThat(restarted.controller.carriedOn()).isTrue();
        assertThat(book.active()).as("the alarm is back as it was, not raised again")
                .extracting(Alarm::code, Alarm::raisedAt)
                .containsExactlyElementsOf(beforeStop.state().activeAlarms().stream()
                        .map(a -> org.assertj.core.groups.Tuple.tuple(a.code(), a.raisedAt())).toList());
        assertThat(book.drainChanges()).as("nothing new for the registry").isEmpty();

        CycleResult first = restarted.cycle();
        CycleResult same = whole.cycle();
        assertThat(first.events()).first().isInstanceOfSatisfying(CuringEvent.ResumedAfterOutage.class,
                r -> assertThat(r.outage()).isEqualTo(PERIOD));
        assertThat(first.events().subList(1, first.events().size())).isEqualTo(same.events());
        assertThat(first.outputs()).isEqualTo(same.outputs());
        assertThat(first.state().totalElapsed()).isEqualTo(same.state().totalElapsed());

        for (int cycle = 0; cycle < 4 * 60 * 10; cycle++) {
            CycleResult r = restarted.cycle();
            CycleResult w = whole.cycle();
            assertThat(r.outputs()).as("cycle %d after the restart", cycle).isEqualTo(w.outputs());
            assertThat(r.events()).as("cycle %d after the restart", cycle).isEqualTo(w.events());
            assertThat(r.state().stepElapsed()).isEqualTo(w.state().stepElapsed());
        }
        assertThat(whole.events).as("test setup: the alarm cleared after the restart")
                .anyMatch(e -> e instanceof CuringEvent.AlarmCleared c && c.code().equals(SafetyMonitor.NO_AIRFLOW));
    }

    @Test
    void theCycleAtTheSavedTimeIsNotRunTwiceItsOutputsAreWrittenAgain() {
        BarnScenario s = new BarnScenario(schedule, TUNING, PERIOD);
        s.leap(Duration.ofHours(3));
        CycleResult last = s.last;
        CurePosition saved = throughTheStore(last.position());
        Instant at = saved.savedAt();
        CuringController again = CuringController.resumeAt(schedule, TUNING, saved, new AlarmBook(), at);
        CycleResult repeat = again.step(new BarnInputs(at, last.state().dryBulb(), last.state().wetBulb(), true,
                false), List.of());
        assertThat(repeat.repeated()).isTrue();
        assertThat(repeat.outputs()).isEqualTo(last.outputs());
        assertThat(repeat.events()).singleElement().isInstanceOf(CuringEvent.ResumedAfterOutage.class);
        assertThat(repeat.position().withoutMemory()).isEqualTo(saved.withoutMemory());
    }

    @Test
    void afterALongerOutageTheMemoryIsNotTakenUp() {
        BarnScenario s = new BarnScenario(schedule, TUNING, PERIOD);
        s.leap(Duration.ofHours(3));
        CurePosition saved = throughTheStore(s.last.position());
        Instant late = saved.savedAt().plus(TUNING.maxCycleGap()).plusSeconds(1);
        assertThat(CuringController.resumeAt(schedule, TUNING, saved, new AlarmBook(), late).carriedOn()).isFalse();
        assertThat(CuringController.resumeAt(schedule, TUNING, saved, new AlarmBook(),
                saved.savedAt().plus(TUNING.maxCycleGap())).carriedOn()).isTrue();
        assertThat(CuringController.resumeAt(schedule, TUNING, saved, new AlarmBook(), saved.savedAt().minusSeconds(1))
                .carriedOn()).as("a clock that went back").isFalse();
    }

    @Test
    void aMemoryThatDoesNotFitThePlantIsDroppedAndTheCureResumesFromItsPosition() {
        BarnScenario s = new BarnScenario(schedule, TUNING, PERIOD);
        s.leap(Duration.ofHours(3));
        CurePosition saved = throughTheStore(s.last.position());
        // the installer changed the heater from three stages to a heat pump's one between two starts
        CuringTuning other = TUNING.withPlant(HeaterPlant.HeatPump.defaults());
        AlarmBook book = new AlarmBook();
        CuringController c = CuringController.resumeAt(schedule, other, saved, book, saved.savedAt().plus(PERIOD));
        assertThat(c.carriedOn()).isFalse();
        assertThat(book.active()).isEmpty();
        assertThat(ControlMemory.parse("{\"v\":99,\"controller\":{},\"io\":{}}")).isEmpty();
        assertThat(ControlMemory.parse("not json")).isEmpty();
    }

    private static void both(BarnScenario a, BarnScenario b, Duration d) {
        Instant end = a.clock.instant().plus(d);
        while (a.clock.instant().isBefore(end)) {
            a.cycle();
            b.cycle();
        }
    }

    /** The position as the store gives it back: the memory through its JSON text. */
    private static CurePosition throughTheStore(CurePosition p) {
        return p.withMemory(p.memory().flatMap(m -> ControlMemory.parse(m.toJson())));
    }
}
