package io.edgetally.barn.curing;

import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A restart: after a power cut of hours the cure comes back in the same step with the same process time and is
 * brought back to the curve; after a crash or a cut shorter than the barn takes to leave the curve it carries on as
 * if nothing happened, having lost only the cycle in progress.
 */
class CuringResumeTest {

    private static final Duration PERIOD = Duration.ofSeconds(20);
    private static final CuringTuning TUNING = CuringTuning.defaults();
    private final CuringSchedule schedule = new ScheduleLoader().builtIn("middle-leaf");
    private final BarnScenario s = new BarnScenario(schedule, TUNING, PERIOD);

    @Test
    void resumesTheSameStepAndHoldsUntilBackOnTheCurve() {
        CurePosition saved = runIntoMainYellowingHold(Duration.ofHours(5));
        powerCut(Duration.ofHours(6));
        double cooled = s.barn.dryProbe;
        assertThat(cooled).as("test setup: the barn cooled in the outage").isLessThan(36.0);

        s.controller = CuringController.resume(schedule, CuringTuning.defaults(), saved);
        CycleResult first = s.cycle();
        assertThat(first.events()).first().isInstanceOfSatisfying(CuringEvent.ResumedAfterOutage.class, r -> {
            assertThat(r.stepName()).isEqualTo("main yellowing");
            assertThat(r.outage()).as("from the last cycle that completed").isEqualTo(Duration.ofHours(6).plus(PERIOD));
        });
        assertThat(first.events()).noneMatch(e -> e instanceof CuringEvent.StepStarted);
        CureState st = first.state();
        assertThat(st.stepIndex()).isEqualTo(2);
        assertThat(st.stepElapsed()).isEqualTo(saved.stepElapsed());
        assertThat(st.totalElapsed()).isEqualTo(saved.totalElapsed());
        assertThat(st.phase()).isEqualTo(CurePhase.RAMP);
        assertThat(st.rampDryCelsius().getAsDouble()).as("ramp restarts from the barn").isCloseTo(cooled, within(0.1));

        s.leap(Duration.ofHours(2));
        assertThat(s.state().stepElapsed()).as("hold clock waits for the curve").isEqualTo(saved.stepElapsed());
        assertThat(s.state().rampDryCelsius().getAsDouble()).as("back at the resume rate, 1 °C/h")
                .isCloseTo(cooled + 2.0, within(0.1));

        assertThat(s.runUntil(c -> c.state().phase() == CurePhase.HOLD, Duration.ofHours(14))).isTrue();
        Instant holdAgain = s.clock.instant();
        s.runUntil(c -> c.state().stepIndex() == 3, Duration.ofHours(30));
        Duration rest = Duration.between(holdAgain, s.clock.instant());
        assertThat(rest).as("only the rest of the 22 h hold").isBetween(
                Duration.ofHours(22).minus(saved.stepElapsed()).minusMinutes(2),
                Duration.ofHours(22).minus(saved.stepElapsed()).plusMinutes(2));
    }

    @Test
    void aSavedPositionBeyondTheScheduleIsRefused() {
        CurePosition bad = new CurePosition(9, CurePhase.HOLD, Duration.ZERO, Duration.ZERO, Duration.ZERO, 40, 35,
                BarnScenario.START);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> CuringController.resume(schedule, CuringTuning.defaults(), bad))
                .hasMessageContaining("step 9").hasMessageContaining("middle-leaf");
    }

    @Test
    void resumesThroughTheSqliteFileAfterTheProcessDies(@TempDir Path dir) {
        Path file = dir.resolve("edgetally.db");
        long batch;
        CurePosition lastSaved = null;
        s.cycle();
        while (s.state().stepIndex() < 4) {
            if (s.state().phase() == CurePhase.AWAITING_CONFIRMATION) {
                s.command(new OperatorCommand.Confirm("tester"));
            }
            s.cycle();
        }
        // from here on the app saves every cycle, as the site does (earlier cycles would only make the test slower;
        // without fsync per commit: the process dies, the machine does not)
        try (Database db = Database.open(file, Database.Durability.NORMAL)) {
            CureStore cures = new CureStore(db);
            CurePositionStore positions = new CurePositionStore(db);
            batch = cures.startBatch(schedule, s.clock.instant(), OptionalDouble.of(4000), OptionalDouble.of(1200.5),
                    Optional.of("sdm630-1"));
            while (!(s.last != null && s.state().stepIndex() == 4 && s.state().phase() == CurePhase.HOLD
                    && s.state().stepElapsed().compareTo(Duration.ofHours(3)) > 0)) {
                if (s.last != null && s.state().phase() == CurePhase.AWAITING_CONFIRMATION) {
                    s.command(new OperatorCommand.Confirm("tester"));
                }
                CycleResult c = s.cycle();
                positions.save(batch, c.position(), c.events());
                lastSaved = c.position();
            }
            assertThat(s.clock.instant()).isBefore(BarnScenario.START.plus(Duration.ofHours(100)));
        }
        // the process is gone; only the file remains
        powerCut(Duration.ofHours(2));
        try (Database db = Database.open(file, Database.Durability.NORMAL)) {
            CureStore.RunningBatch running = new CureStore(db).runningBatch().orElseThrow();
            assertThat(running.id()).isEqualTo(batch);
            assertThat(running.scheduleJson()).contains("\"early fixing\"");
            CurePosition loaded = new CurePositionStore(db).load(batch).orElseThrow();
            assertThat(loaded).isEqualTo(lastSaved);
            s.controller = CuringController.resume(schedule, TUNING, loaded);
            CureState st = s.cycle().state();
            assertThat(st.stepName()).isEqualTo("early fixing");
            assertThat(st.stepElapsed()).as("the process time of the last cycle before the process died")
                    .isEqualTo(lastSaved.stepElapsed());
            assertThat(st.rampDryCelsius().getAsDouble()).isLessThanOrEqualTo(50.0);
        }
    }

    @Test
    void aRestartWithinACycleCarriesOnTheHoldAsIfNothingHappened() {
        CurePosition saved = runIntoMainYellowingHold(Duration.ofHours(5));
        Instant holdEndsAt = saved.savedAt().plus(Duration.ofHours(22).minus(saved.stepElapsed()));
        // the process dies during the next cycle, before it saves: that cycle is lost; the next one is the new
        // process's first
        crashFor(PERIOD);
        s.controller = CuringController.resume(schedule, TUNING, saved);
        CycleResult first = s.cycle();
        assertThat(first.events()).first().isInstanceOfSatisfying(CuringEvent.ResumedAfterOutage.class,
                r -> assertThat(r.outage()).as("from the last cycle that completed").isEqualTo(PERIOD.multipliedBy(2)));
        CureState st = first.state();
        assertThat(st.phase()).as("the hold carries on, no ramp back to the target").isEqualTo(CurePhase.HOLD);
        assertThat(st.rampDryCelsius().getAsDouble()).isEqualTo(saved.rampDryCelsius());
        assertThat(st.stepElapsed()).as("the last completed cycle's process time; the time down is not counted")
                .isEqualTo(saved.stepElapsed());
        assertThat(first.events()).noneMatch(e -> e instanceof CuringEvent.HoldStarted);

        assertThat(s.runUntil(c -> c.state().stepIndex() == 3, Duration.ofHours(30))).isTrue();
        Instant ended = s.last.events().stream().filter(e -> e instanceof CuringEvent.StepCompleted)
                .map(CuringEvent::at).findFirst().orElseThrow();
        assertThat(Duration.between(holdEndsAt.plus(PERIOD.multipliedBy(2)), ended).abs())
                .as("the 22 h hold ends when it would have, later only by the time the process was down")
                .isLessThanOrEqualTo(PERIOD);
    }

    @Test
    void aStepAwaitingTheOperatorStillAwaitsAfterARestart() {
        while (!(s.last != null && s.state().stepIndex() == 1 && s.state().phase() == CurePhase.AWAITING_CONFIRMATION)) {
            s.cycle();
        }
        CurePosition saved = s.last.position();
        s.controller = CuringController.resume(schedule, TUNING, saved);
        CureState st = s.cycle().state();
        assertThat(st.phase()).isEqualTo(CurePhase.AWAITING_CONFIRMATION);
        s.command(new OperatorCommand.Confirm("tester"));
        assertThat(s.cycle().state().stepIndex()).as("the confirmation is taken at once").isEqualTo(2);
    }

    /** Runs to main yellowing, {@code into} its hold; returns the position the site saved at the last cycle. */
    private CurePosition runIntoMainYellowingHold(Duration into) {
        CurePosition persisted = null;
        Instant end = null;
        while (end == null || s.clock.instant().isBefore(end)) {
            if (s.last != null && s.state().phase() == CurePhase.AWAITING_CONFIRMATION) {
                s.command(new OperatorCommand.Confirm("tester"));
            }
            CycleResult c = s.cycle();
            persisted = c.position();
            if (end == null && c.state().stepIndex() == 2 && c.state().phase() == CurePhase.HOLD) {
                end = s.clock.instant().plus(into);
            }
        }
        return persisted;
    }

    /** The controller is gone for {@code d}; the relays stay as it left them (a crash, not a power cut). */
    private void crashFor(Duration d) {
        s.barn.advance(s.last.outputs(), d.toSeconds());
        s.clock.advance(d);
    }

    /** No power: heater, fan and controller off; the barn cools towards ambient. */
    private void powerCut(Duration d) {
        double damper = s.last.outputs().damperOpenFraction();
        s.barn.advance(new BarnOutputs(0, false, damper, FanSpeed.OFF), d.toSeconds());
        s.clock.advance(d);
    }
}
