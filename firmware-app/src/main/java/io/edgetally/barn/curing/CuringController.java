package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.alarm.OwnAlarms;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.CuringStep;
import io.edgetally.barn.curing.schedule.ExitRule;
import io.edgetally.barn.curing.schedule.FanSpeed;
import io.edgetally.io.TemperatureReading;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Runs a curing schedule over process images: pure logic, no I/O, no threads, no clock of its own (the cycle's
 * time is {@link BarnInputs#at()}, and the period is whatever passes between two of them).
 *
 * <p>The setpoints ramp from where the barn is towards the step's targets at the step's ramp rate, and both the
 * ramp and the process clock move only while the dry bulb is within the process window of the ramped setpoint:
 * a barn that cannot keep up is held on the curve (and alarmed after the step's max lag), never dragged along or
 * aborted. The hold starts when the target is reached. Faults inhibit heat and freeze the clock.
 */
public final class CuringController {

    static final String MAX_LAG = "curing.max-lag";
    static final String OPERATOR_OVERDUE = "curing.operator-overdue";
    static final String WET_OFF_TARGET = "curing.wet-bulb-off-target";

    private final CuringSchedule schedule;
    private final CuringTuning tuning;
    private final OwnAlarms<CuringEvent> alarms;
    private final SafetyMonitor safety;
    private final HeaterControl heater;
    private final DamperControl damper;

    private int stepIndex;
    private CurePhase phase;
    private double stepElapsedS;
    private double totalElapsedS;
    private double extensionS;
    private final RampedSetpoint ramp = new RampedSetpoint();
    private double lastDry = Double.NaN;
    private double lastWet = Double.NaN;
    private Instant lastAt;
    private Instant offCurveSince;
    private Instant awaitingSince;
    private final Optional<CurePosition> resumedFrom;
    /** back from an outage and not yet on the step's target: ramp at least at the resume rate */
    private boolean recovering;
    /** the saved {@link ControlMemory} was taken up: the restart is one slow cycle to the barn */
    private boolean carriedOn;
    private boolean firstStepDone;
    /** the period of the last cycle, seconds: what the first cycle after a carried-on restart counts */
    private double lastPeriodS;
    private BarnOutputs lastOutputs = new BarnOutputs(0, false, 0.0, FanSpeed.OFF);

    /** A new cure from step 0, with an alarm book of its own. */
    public CuringController(CuringSchedule schedule, CuringTuning tuning) {
        this(schedule, tuning, new AlarmBook());
    }

    /** A new cure from step 0, raising its alarms in the site's book. */
    public CuringController(CuringSchedule schedule, CuringTuning tuning, AlarmBook alarms) {
        this(schedule, tuning, alarms, 0, CurePhase.RAMP, Optional.empty());
        phase = initialPhase(schedule.step(0));
    }

    private CuringController(CuringSchedule schedule, CuringTuning tuning, AlarmBook alarms, int stepIndex,
            CurePhase phase, Optional<CurePosition> resumedFrom) {
        this.schedule = schedule;
        this.tuning = tuning;
        this.alarms = new OwnAlarms<>(alarms, CuringEvent.AlarmRaised::new, CuringEvent.AlarmCleared::new);
        this.safety = new SafetyMonitor(tuning.safety(), this.alarms);
        this.heater = new HeaterControl(tuning.plant(), tuning.heat());
        this.damper = new DamperControl(tuning.damper(), tuning.plant() instanceof HeaterPlant.HeatPump, 0.0);
        this.stepIndex = stepIndex;
        this.phase = phase;
        this.resumedFrom = resumedFrom;
    }

    /**
     * A cure resumed from a saved position after a restart: the same step, the same process time. A barn still on
     * the saved curve at the first cycle (within the process window of the saved ramped setpoint: a crash or a
     * short power cut) carries on from the saved setpoints in the saved phase, so nothing but the cycle in progress
     * at the stop is lost. A barn that cooled off the curve is brought back from where it is: the ramp restarts from
     * the measured dry bulb at the step's ramp rate (or the resume rate, if faster) and the hold's clock waits until
     * the barn is there. Never restarts from step 0.
     */
    public static CuringController resume(CuringSchedule schedule, CuringTuning tuning, CurePosition saved) {
        return resume(schedule, tuning, saved, new AlarmBook());
    }

    /** As {@link #resume(CuringSchedule, CuringTuning, CurePosition)}, raising alarms in the site's book. */
    public static CuringController resume(CuringSchedule schedule, CuringTuning tuning, CurePosition saved,
                                          AlarmBook alarms) {
        if (saved.stepIndex() > schedule.lastIndex()) {
            throw new IllegalArgumentException("saved position is at step " + saved.stepIndex() + " but schedule "
                    + schedule.id() + " has steps 0.." + schedule.lastIndex());
        }
        CurePhase phase = saved.phase() == CurePhase.COMPLETE
                ? CurePhase.COMPLETE : initialPhase(schedule.step(saved.stepIndex()));
        CuringController c = new CuringController(schedule, tuning, alarms, saved.stepIndex(), phase,
                Optional.of(saved));
        c.recovering = phase != CurePhase.COMPLETE;
        c.stepElapsedS = saved.stepElapsed().toMillis() / 1000.0;
        c.totalElapsedS = saved.totalElapsed().toMillis() / 1000.0;
        c.extensionS = saved.extension().toMillis() / 1000.0;
        return c;
    }

    /**
     * As {@link #resume(CuringSchedule, CuringTuning, CurePosition, AlarmBook)} for a process starting at {@code now}:
     * back within the tuning's {@code maxCycleGap} of the saved cycle (a crash, a kill, a watchdog restart) the
     * saved {@link ControlMemory} is taken up, and to the barn the restart is one cycle of the usual period: the safety
     * watch's timers and counters, the heater's stage times, the damper's dwell, the controller's alarms (put back in
     * {@code alarms} as they were) and the last outputs carry on, and the first cycle counts the period of the last
     * one before the stop, not the time down. A memory that cannot be taken up (another version, a plant with other
     * stages) is dropped: resumed from the position alone, as after a long outage.
     */
    public static CuringController resumeAt(CuringSchedule schedule, CuringTuning tuning, CurePosition saved,
                                            AlarmBook alarms, Instant now) {
        Duration down = Duration.between(saved.savedAt(), now);
        if (saved.memory().isEmpty() || down.isNegative() || down.compareTo(tuning.maxCycleGap()) > 0) {
            return resume(schedule, tuning, saved, alarms);
        }
        AlarmBook scratch = new AlarmBook();
        CuringController trial = resume(schedule, tuning, saved, scratch);
        try {
            trial.takeUpMemory(saved, saved.memory().get().controller());
        } catch (RuntimeException e) {
            return resume(schedule, tuning, saved, alarms);
        }
        CuringController c = resume(schedule, tuning, saved, alarms);
        c.takeUpMemory(saved, saved.memory().get().controller());
        return c;
    }

    /**
     * Whether this controller took up the control memory saved with its position (a restart within
     * {@code maxCycleGap}: every timer, counter, alarm and loop carries on as if the process had not stopped).
     */
    public boolean carriedOn() {
        return carriedOn;
    }

    /** One control cycle. */
    public CycleResult step(BarnInputs in, List<OperatorCommand> commands) {
        Instant at = in.at();
        List<CuringEvent> events = new ArrayList<>();
        if (!firstStepDone && carriedOn && at.equals(lastAt) && commands.isEmpty()) {
            // the cycle at this very time completed and was saved before the restart (a simulator's clock, which
            // stands still while run is down): its outputs are written again, nothing is judged twice
            firstStepDone = true;
            events.add(new CuringEvent.ResumedAfterOutage(at, Duration.ZERO, stepIndex, current().name()));
            return new CycleResult(lastOutputs, events, state(in, Optional.empty()), position(at), true);
        }
        double dt = lastAt == null ? 0.0 : Math.max(0.0, Duration.between(lastAt, at).toMillis() / 1000.0);
        if (!firstStepDone && carriedOn) {
            dt = Math.min(dt, lastPeriodS); // the time down is not counted: nothing knows what the barn did then
        }
        lastPeriodS = dt;
        double dtClock = Math.min(dt, tuning.maxCycleGap().toSeconds());
        OptionalDouble dry = value(in.dryBulb());
        OptionalDouble wet = value(in.wetBulb());
        dry.ifPresent(v -> lastDry = v);
        wet.ifPresent(v -> lastWet = v);
        if (!firstStepDone) {
            firstStepDone = true;
            resumedFrom.ifPresentOrElse(saved -> {
                events.add(new CuringEvent.ResumedAfterOutage(at, positive(saved.savedAt(), at), stepIndex,
                        current().name()));
                if (!carriedOn) {
                    takeUpSavedCurve(saved, dry, at);
                }
            }, () -> events.add(started(at)));
        }
        for (OperatorCommand command : commands) {
            if (phase == CurePhase.COMPLETE) {
                events.add(new CuringEvent.OperatorAction(at, command, false, "the cure is complete"));
            } else {
                apply(command, at, events);
            }
        }
        initRampIfNeeded();

        List<String> inhibit = safety.check(in, dt, safetyContext(), events);
        Optional<String> holding = advance(at, dtClock, dry, inhibit, events);
        BarnOutputs out = outputs(at, dtClock, dry, wet, !inhibit.isEmpty());
        wetBulbWatch(at, wet, events);
        lastOutputs = out;
        lastAt = at;
        return new CycleResult(out, events, state(in, holding), position(at));
    }

    /**
     * On the first cycle after a restart: a barn still within the process window of the saved ramped setpoint
     * carries on from the saved setpoints in the saved phase (a hold stays a hold, a step awaiting the operator
     * keeps waiting); otherwise the ramp starts from the measured barn (see {@link #resume}).
     */
    private void takeUpSavedCurve(CurePosition saved, OptionalDouble dry, Instant at) {
        if (phase == CurePhase.COMPLETE || current().targets().isEmpty() || dry.isEmpty()
                || saved.phase() == CurePhase.COMPLETE
                || Math.abs(dry.getAsDouble() - saved.rampDryCelsius()) > tuning.processWindowCelsius()) {
            return;
        }
        ramp.set(saved.rampDryCelsius(), saved.rampWetCelsius());
        heater.restoreIntegral(saved.loops().heatIntegral());
        damper.restorePosition(saved.loops().damperOpenFraction());
        phase = saved.phase();
        recovering = false;
        if (phase == CurePhase.AWAITING_CONFIRMATION) {
            awaitingSince = at;
        }
    }

    /** Where the cure stands now, e.g. to persist on an orderly shutdown, with the control's memory. */
    public CurePosition position(Instant savedAt) {
        return new CurePosition(stepIndex, phase, seconds(stepElapsedS), seconds(totalElapsedS),
                seconds(extensionS), ramp.isSet() ? ramp.dry() : orZero(lastDry),
                ramp.isSet() ? ramp.wet() : orZero(lastWet), savedAt,
                new CurePosition.Loops(heater.integral(), damper.position()),
                Optional.of(new ControlMemory(memory(), JsonObject.builder().build())));
    }

    /** Everything the controller carries from one cycle to the next beyond the position (see ControlMemory). */
    private JsonObject memory() {
        BarnOutputs o = lastOutputs;
        JsonObjectBuilder b = JsonObject.builder().put("lastAt", ControlMemory.time(lastAt))
                .put("lastPeriodSeconds", lastPeriodS);
        ControlMemory.putMaybe(b, "lastDry", lastDry);
        ControlMemory.putMaybe(b, "lastWet", lastWet);
        return b.put("offCurveSince", ControlMemory.time(offCurveSince))
                .put("awaitingSince", ControlMemory.time(awaitingSince))
                .put("recovering", recovering)
                .put("rampSet", ramp.isSet())
                .put("outputs", JsonObject.builder().put("heaterStagesOn", o.heaterStagesOn())
                        .put("dehumidifierOn", o.dehumidifierOn()).put("damperOpenFraction", o.damperOpenFraction())
                        .put("fan", o.fan().name()).build())
                .put("alarms", new JsonValue.JsonArray(alarms.active().stream().<JsonValue>map(a -> JsonObject
                        .builder().put("code", a.code()).put("severity", a.severity().name())
                        .put("message", a.message()).put("raisedAt", ControlMemory.time(a.raisedAt())).build())
                        .toList()))
                .put("heater", heater.memory())
                .put("damper", damper.memory())
                .put("safety", safety.memory())
                .build();
    }

    /**
     * Takes up the memory saved with {@code saved}: the saved phase and setpoints, the loops, the safety watch, the
     * alarms the controller had raised (already back in the site's book) and the time of the last cycle, so the
     * next cycle's period is the time since then.
     */
    private void takeUpMemory(CurePosition saved, JsonObject m) {
        Instant at = ControlMemory.time(m, "lastAt");
        if (at == null || !at.equals(saved.savedAt())) {
            throw new IllegalArgumentException("memory of " + at + " saved with the position of " + saved.savedAt());
        }
        JsonObject o = m.object("outputs");
        BarnOutputs outputs = new BarnOutputs((int) o.longValue("heaterStagesOn"), o.bool("dehumidifierOn"),
                o.doubleValue("damperOpenFraction"), FanSpeed.valueOf(o.string("fan")));
        heater.restore(m.object("heater"));
        damper.restore(m.object("damper"));
        safety.restore(m.object("safety"));
        lastPeriodS = m.doubleValue("lastPeriodSeconds");
        lastDry = ControlMemory.maybe(m, "lastDry");
        lastWet = ControlMemory.maybe(m, "lastWet");
        offCurveSince = ControlMemory.time(m, "offCurveSince");
        awaitingSince = ControlMemory.time(m, "awaitingSince");
        recovering = m.bool("recovering");
        if (m.bool("rampSet")) {
            ramp.set(saved.rampDryCelsius(), saved.rampWetCelsius());
        } else {
            ramp.clear();
        }
        phase = saved.phase();
        lastOutputs = outputs;
        List<Alarm> own = new ArrayList<>();
        for (JsonValue v : m.array("alarms").items()) {
            JsonObject a = (JsonObject) v;
            own.add(new Alarm(a.string("code"), Alarm.Severity.valueOf(a.string("severity")), a.string("message"),
                    ControlMemory.time(a, "raisedAt")));
        }
        own.forEach(alarms::restore);
        lastAt = at;
        carriedOn = true;
    }

    public CuringSchedule schedule() {
        return schedule;
    }

    private void apply(OperatorCommand command, Instant at, List<CuringEvent> events) {
        CuringStep s = current();
        switch (command) {
            case OperatorCommand.Confirm c -> {
                if (s.exit() != ExitRule.OPERATOR) {
                    reject(events, at, c, s.label() + " ends by time; use advance to end it early");
                } else if (phase == CurePhase.RAMP) {
                    reject(events, at, c, s.label() + " is still ramping to its target; use advance to end it now");
                } else {
                    events.add(new CuringEvent.OperatorAction(at, c, true, "confirmed: " + s.prompt()));
                    completeStep("confirmed", at, events);
                }
            }
            case OperatorCommand.Advance a -> {
                events.add(new CuringEvent.OperatorAction(at, a, true, "ended " + s.label() + " early"));
                completeStep("advanced", at, events);
            }
            case OperatorCommand.Extend e -> {
                // from the later of the hold's end and now: a step waiting for hours gets the extra time from now
                double base = Math.max(extensionS, stepElapsedS - s.hold().toMillis() / 1000.0);
                extensionS = base + e.by().toMillis() / 1000.0;
                if (phase == CurePhase.AWAITING_CONFIRMATION) {
                    phase = CurePhase.HOLD;
                    awaitingSince = null;
                    alarms.clear(OPERATOR_OVERDUE, at, events);
                }
                events.add(new CuringEvent.OperatorAction(at, e, true, "hold of " + s.label() + " extended by "
                        + e.by().toMinutes() + " min"));
            }
        }
    }

    /** Moves the ramp and the process clock; returns why the cure is holding, if it is. */
    private Optional<String> advance(Instant at, double dtClock, OptionalDouble dry, List<String> inhibit,
            List<CuringEvent> events) {
        if (phase == CurePhase.COMPLETE) {
            return Optional.empty();
        }
        CuringStep s = current();
        if (s.targets().isEmpty()) {
            // no heat in this step: purely time-based
            stepElapsedS += dtClock;
            totalElapsedS += dtClock;
            if (stepElapsedS >= holdS(s)) {
                completeStep("time", at, events);
            }
            return Optional.empty();
        }
        if (!inhibit.isEmpty()) {
            offCurveSince = null;
            return Optional.of("heat inhibited: " + inhibit.get(0));
        }
        if (dry.isEmpty() || !ramp.isSet()) {
            return Optional.of("no valid dry-bulb reading");
        }
        double window = tuning.processWindowCelsius();
        double error = dry.getAsDouble() - ramp.dry();
        Optional<String> holding = Optional.empty();
        if (Math.abs(error) <= window) {
            offCurveSince = null;
            if (Math.abs(error) <= 0.75 * window) {
                alarms.clear(MAX_LAG, at, events);
            }
            double rate = recovering
                    ? Math.max(s.rampCelsiusPerHour(), tuning.resumeRampCelsiusPerHour()) : s.rampCelsiusPerHour();
            ramp.moveTowards(finalDry(s), s.targets().get().wetBulbCelsius(), rate * dtClock / 3600.0);
            totalElapsedS += dtClock;
            if (phase != CurePhase.RAMP) {
                stepElapsedS += dtClock;
            } else if (ramp.reached(finalDry(s), s.targets().get().wetBulbCelsius())) {
                phase = CurePhase.HOLD;
                recovering = false;
                events.add(new CuringEvent.HoldStarted(at, stepIndex, s.name()));
            }
        } else {
            offCurveSince = offCurveSince == null ? at : offCurveSince;
            Duration off = Duration.between(offCurveSince, at);
            String where = String.format(Locale.ROOT, "dry bulb %.1f °C is %.1f °C %s the setpoint %.1f °C",
                    dry.getAsDouble(), Math.abs(error), error < 0 ? "below" : "above", ramp.dry());
            holding = Optional.of("off the curve: " + where);
            if (off.compareTo(s.maxLag()) >= 0) {
                alarms.raise(MAX_LAG, Alarm.Severity.WARNING, "The barn cannot keep up: " + where + " for "
                        + off.toMinutes() + " min. The cure is holding (clock stopped); check the heater, the "
                        + "damper and that the doors are shut.", at, events);
            }
        }
        if (phase == CurePhase.HOLD && stepElapsedS >= holdS(s)) {
            if (s.exit() == ExitRule.TIME) {
                completeStep("time", at, events);
                return holding;
            }
            phase = CurePhase.AWAITING_CONFIRMATION;
            awaitingSince = at;
            events.add(new CuringEvent.WaitingForOperator(at, stepIndex, s.name(), s.prompt()));
        }
        if (phase == CurePhase.AWAITING_CONFIRMATION) {
            if (Duration.between(awaitingSince, at).compareTo(tuning.operatorOverdue()) >= 0) {
                alarms.raise(OPERATOR_OVERDUE, Alarm.Severity.WARNING, s.label() + " has waited "
                        + Duration.between(awaitingSince, at).toHours() + " h for confirmation (" + s.prompt()
                        + "); the barn is holding its target. Confirm, extend or advance.", at, events);
            }
            return holding.or(() -> Optional.of("waiting for the operator to confirm: " + s.prompt()));
        }
        return holding;
    }

    private void completeStep(String how, Instant at, List<CuringEvent> events) {
        CuringStep s = current();
        events.add(new CuringEvent.StepCompleted(at, stepIndex, s.name(), how, seconds(stepElapsedS)));
        alarms.clear(MAX_LAG, at, events);
        alarms.clear(OPERATOR_OVERDUE, at, events);
        offCurveSince = null;
        awaitingSince = null;
        recovering = false;
        if (stepIndex == schedule.lastIndex()) {
            phase = CurePhase.COMPLETE;
            events.add(new CuringEvent.CureComplete(at, seconds(totalElapsedS)));
            return;
        }
        stepIndex++;
        stepElapsedS = 0;
        extensionS = 0;
        phase = initialPhase(current());
        if (current().targets().isEmpty()) {
            ramp.clear();
        }
        initRampIfNeeded();
        events.add(started(at));
    }

    /** The ramp starts where the barn is (a new cure, a resume, a step after one with no target). */
    private void initRampIfNeeded() {
        if (phase == CurePhase.COMPLETE || ramp.isSet() || Double.isNaN(lastDry)) {
            return;
        }
        current().targets().ifPresent(t -> {
            ramp.startFrom(lastDry, lastWet, schedule.dryBulbCapCelsius(stepIndex).orElse(Double.MAX_VALUE),
                    t.depressionCelsius());
            heater.reset();
        });
    }

    private BarnOutputs outputs(Instant at, double dt, OptionalDouble dry, OptionalDouble wet, boolean inhibited) {
        if (phase == CurePhase.COMPLETE) {
            heater.off(at);
            damper.set(at, 1.0);
            damper.resetOffTarget();
            return new BarnOutputs(0, false, damper.position(), FanSpeed.OFF);
        }
        CuringStep s = current();
        int stages;
        if (s.targets().isEmpty()) {
            stages = heater.off(at);
            damper.set(at, 0.0); // loading: vents closed
            damper.resetOffTarget();
        } else if (inhibited || dry.isEmpty() || !ramp.isSet()) {
            stages = heater.off(at);
            damper.hold();
            damper.resetOffTarget();
        } else {
            stages = heater.update(at, dt, ramp.dry(), dry.getAsDouble());
            if (wet.isPresent()) {
                damper.update(at, ramp.wet(), wet.getAsDouble());
            } else {
                damper.hold();
                damper.resetOffTarget();
            }
        }
        return new BarnOutputs(stages, damper.dehumidify(), damper.position(), s.fan());
    }

    /** A wet bulb far off its setpoint for long: the damper is stuck, a door is open, or the wick is failing. */
    private void wetBulbWatch(Instant at, OptionalDouble wet, List<CuringEvent> events) {
        if (damper.offTargetTooLong(at)) {
            alarms.raise(WET_OFF_TARGET, Alarm.Severity.WARNING, String.format(Locale.ROOT, "Wet bulb %.1f °C has "
                    + "been more than %.1f °C from its setpoint %.1f °C for %d min with the damper %.0f %% open: "
                    + "check the damper motor, the doors and the wick.", wet.orElse(Double.NaN),
                    tuning.damper().offTargetCelsius(), ramp.wet(), tuning.damper().offTargetAfter().toMinutes(),
                    damper.position() * 100), at, events);
        } else if (alarms.isActive(WET_OFF_TARGET)) {
            alarms.clear(WET_OFF_TARGET, at, events);
        }
    }

    private SafetyMonitor.Context safetyContext() {
        boolean fan = phase != CurePhase.COMPLETE && current().fan() != FanSpeed.OFF;
        OptionalDouble target = OptionalDouble.empty();
        OptionalDouble depression = OptionalDouble.empty();
        if (phase != CurePhase.COMPLETE && current().targets().isPresent() && ramp.isSet()) {
            target = OptionalDouble.of(Math.max(finalDry(current()), ramp.dry()));
            depression = OptionalDouble.of(ramp.dry() - ramp.wet());
        }
        return new SafetyMonitor.Context(fan, lastOutputs.heaterStagesOn() > 0, target, depression);
    }

    private CureState state(BarnInputs in, Optional<String> holding) {
        CuringStep s = current();
        boolean target = s.targets().isPresent() && phase != CurePhase.COMPLETE;
        return new CureState(in.at(), schedule.id(), s.stage(), stepIndex, s.name(), phase,
                target && ramp.isSet() ? OptionalDouble.of(ramp.dry()) : OptionalDouble.empty(),
                target && ramp.isSet() ? OptionalDouble.of(ramp.wet()) : OptionalDouble.empty(),
                target ? OptionalDouble.of(finalDry(s)) : OptionalDouble.empty(),
                target ? OptionalDouble.of(s.targets().get().wetBulbCelsius()) : OptionalDouble.empty(),
                in.dryBulb(), in.wetBulb(), seconds(stepElapsedS), seconds(holdS(s)), seconds(totalElapsedS),
                estimatedRemaining(), holding, s.prompt(), alarms.active(), lastOutputs, heater.demand());
    }

    /** Ramps at their rates plus the holds left, assuming the barn stays on the curve. */
    private Duration estimatedRemaining() {
        if (phase == CurePhase.COMPLETE) {
            return Duration.ZERO;
        }
        double holdLeft = Math.max(0, holdS(current()) - stepElapsedS);
        return schedule.remaining(stepIndex, ramp.isSet() ? ramp.dry() : lastDry, seconds(holdLeft));
    }

    private CuringStep current() {
        return schedule.step(stepIndex);
    }

    /** The step's dry-bulb target, never above 50 °C before the veins have been confirmed yellow. */
    private double finalDry(CuringStep s) {
        return schedule.dryTargetCelsius(s.index()).orElse(Double.NaN);
    }

    private double holdS(CuringStep s) {
        return s.hold().toMillis() / 1000.0 + extensionS;
    }

    private CuringEvent started(Instant at) {
        return new CuringEvent.StepStarted(at, stepIndex, current().name(), current().stage());
    }

    private static CurePhase initialPhase(CuringStep s) {
        return s.targets().isPresent() ? CurePhase.RAMP : CurePhase.HOLD;
    }

    private static void reject(List<CuringEvent> events, Instant at, OperatorCommand c, String why) {
        events.add(new CuringEvent.OperatorAction(at, c, false, why));
    }

    private static OptionalDouble value(TemperatureReading r) {
        return r instanceof TemperatureReading.Valid(double c) ? OptionalDouble.of(c) : OptionalDouble.empty();
    }

    private static Duration positive(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000.0));
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }
}
