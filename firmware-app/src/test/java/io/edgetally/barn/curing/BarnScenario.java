package io.edgetally.barn.curing;

import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Controller + test barn + manual clock: "input, leap 15 min, expect output". */
final class BarnScenario {

    static final Instant START = Instant.parse("2026-07-01T06:00:00Z");

    final ManualClock clock = new ManualClock(START);
    final TestBarn barn = new TestBarn();
    final Duration period;
    /** test hook: the time to the next cycle (the control period is not fixed in the field) */
    java.util.function.Supplier<Duration> nextPeriod;
    CuringController controller;
    /** test hook: rewrites what the controller sees (faults) */
    UnaryOperator<BarnInputs> sensors = UnaryOperator.identity();
    final List<CuringEvent> events = new ArrayList<>();
    final List<CycleResult> history = new ArrayList<>();
    boolean keepHistory;
    private final List<OperatorCommand> pending = new ArrayList<>();
    CycleResult last;

    BarnScenario(CuringSchedule schedule, CuringTuning tuning, Duration period) {
        this.controller = new CuringController(schedule, tuning);
        this.period = period;
        this.nextPeriod = () -> period;
    }

    void command(OperatorCommand c) {
        pending.add(c);
    }

    CycleResult cycle() {
        last = controller.step(sensors.apply(barn.inputs(clock.instant())), List.copyOf(pending));
        pending.clear();
        events.addAll(last.events());
        if (keepHistory) {
            history.add(last);
        }
        Duration next = nextPeriod.get();
        barn.advance(last.outputs(), next.toMillis() / 1000.0);
        clock.advance(next);
        return last;
    }

    /** Leaps {@code d} of barn time, one control cycle per period. */
    CycleResult leap(Duration d) {
        Instant end = clock.instant().plus(d);
        while (clock.instant().isBefore(end)) {
            cycle();
        }
        return last;
    }

    /** Runs until {@code done} holds or {@code limit} passes; returns whether it held. */
    boolean runUntil(java.util.function.Predicate<CycleResult> done, Duration limit) {
        Instant end = clock.instant().plus(limit);
        while (clock.instant().isBefore(end)) {
            if (done.test(cycle())) {
                return true;
            }
        }
        return false;
    }

    <T extends CuringEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    CureState state() {
        return last.state();
    }
}
