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

/** A power cut of hours: the cure comes back in the same step with the same process time. */
class CuringResumeTest {

    private static final Duration PERIOD = Duration.ofSeconds(20);
    private final CuringSchedule schedule = new ScheduleLoader().builtIn("middle-leaf");
    private final BarnScenario s = new BarnScenario(schedule, TUNING, PERIOD);
    /** persisting every 10 barn-minutes keeps the SQLite test fast; the rule is the same as every minute */
    private static final CuringTuning TUNING = CuringTuning.defaults().withPersistInterval(Duration.ofMinutes(10));

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
            assertThat(r.outage()).isBetween(Duration.ofHours(6), Duration.ofHours(6).plusSeconds(61));
        });
        assertThat(first.events()).noneMatch(e -> e instanceof CuringEvent.StepStarted);
        CureState st = first.state();
        assertThat(st.stepIndex()).isEqualTo(2);
        assertThat(st.stepElapsed()).isEqualTo(saved.stepElapsed());
        assertThat(st.totalElapsed()).isEqualTo(saved.totalElapsed());
        assertThat(st.phase()).isEqualTo(CurePhase.RAMP);
        assertThat(st.rampDryCelsius().getAsDouble()).as("ramp restarts from the barn").isCloseTo(cooled, within(0.1));
        assertThat(first.persistNow()).isTrue();

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
        // from here on the app persists as it is told (earlier cycles would only make the test slower)
        try (Database db = Database.open(file)) {
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
                cures.appendEvents(c.events());
                if (c.persistNow()) {
                    positions.save(batch, c.position());
                    lastSaved = c.position();
                }
            }
            assertThat(s.clock.instant()).isBefore(BarnScenario.START.plus(Duration.ofHours(100)));
        }
        // the process is gone; only the file remains
        powerCut(Duration.ofHours(2));
        try (Database db = Database.open(file)) {
            CureStore.RunningBatch running = new CureStore(db).runningBatch().orElseThrow();
            assertThat(running.id()).isEqualTo(batch);
            assertThat(running.scheduleJson()).contains("\"early fixing\"");
            CurePosition loaded = new CurePositionStore(db).load(batch).orElseThrow();
            assertThat(loaded).isEqualTo(lastSaved);
            s.controller = CuringController.resume(schedule, TUNING, loaded);
            CureState st = s.cycle().state();
            assertThat(st.stepName()).isEqualTo("early fixing");
            assertThat(st.stepElapsed()).as("within one persistence interval")
                    .isBetween(Duration.ofHours(3).minus(TUNING.persistInterval()), Duration.ofHours(3).plus(PERIOD));
            assertThat(st.rampDryCelsius().getAsDouble()).isLessThanOrEqualTo(50.0);
        }
    }

    /** Runs to main yellowing, {@code into} its hold; returns the last position the app would have persisted. */
    private CurePosition runIntoMainYellowingHold(Duration into) {
        CurePosition persisted = null;
        Instant end = null;
        while (end == null || s.clock.instant().isBefore(end)) {
            if (s.last != null && s.state().phase() == CurePhase.AWAITING_CONFIRMATION) {
                s.command(new OperatorCommand.Confirm("tester"));
            }
            CycleResult c = s.cycle();
            if (c.persistNow()) {
                persisted = c.position();
            }
            if (end == null && c.state().stepIndex() == 2 && c.state().phase() == CurePhase.HOLD) {
                end = s.clock.instant().plus(into);
            }
        }
        return persisted;
    }

    /** No power: heater, fan and controller off; the barn cools towards ambient. */
    private void powerCut(Duration d) {
        double damper = s.last.outputs().damperOpenFraction();
        s.barn.advance(new BarnOutputs(0, false, damper, FanSpeed.OFF), d.toSeconds());
        s.clock.advance(d);
    }
}
