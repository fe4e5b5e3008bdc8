package io.edgetally.barn;

import io.edgetally.alarm.Acknowledgements;
import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.alarm.AlarmEvent;
import io.edgetally.barn.curing.BarnSample;
import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CurePosition;
import io.edgetally.barn.curing.CurePositionStore;
import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.CureStore;
import io.edgetally.barn.curing.CuringController;
import io.edgetally.barn.curing.CuringEvent;
import io.edgetally.barn.curing.CuringTuning;
import io.edgetally.barn.curing.CycleResult;
import io.edgetally.barn.curing.OperatorCommand;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.barn.io.BarnIo;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.status.ActionResult;
import io.edgetally.tally.SiteTally;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One curing barn at run time: each {@link #cycle()} takes the operator requests queued since the last one, reads the
 * process image and the meter, runs the curing controller, writes the relays, books what happened (events, alarms,
 * curve samples, the schedule position) in SQLite and the meter into the tally, sends the cycle's alarm changes to
 * the registry and publishes a {@link BarnImage}. Other threads only queue requests ({@link #handle}) and read the
 * image; requests are applied at the next cycle, never in the middle of one.
 *
 * <p>A controller exception is not swallowed: the barn goes to its safe state at once, a CRITICAL alarm is raised
 * and kept until a cycle runs clean again.
 */
public final class BarnSite {

    private static final Logger LOG = LoggerFactory.getLogger(BarnSite.class);
    static final String CONTROLLER_FAULT = "barn.controller.fault";
    static final String METER_FAULT = "barn.meter.unreadable";

    /** Told of every published image and the cycle's events, on the control cycle's thread; must return at once. */
    @FunctionalInterface
    public interface Listener {
        void published(BarnImage image, List<CuringEvent> events);
    }

    private final Clock clock;
    private final BarnIo io;
    private final EnergyMeter meter;
    private final CureStore cures;
    private final CurePositionStore positions;
    private final long batchId;
    private final Instant batchStartedAt;
    private final boolean resumed;
    private final CuringController controller;
    private final AlarmBook alarms;
    private final SiteTally tally;
    private final Duration sampleEvery;
    private final ConcurrentLinkedQueue<BarnRequest> requests = new ConcurrentLinkedQueue<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<BarnSample> pendingSamples = new ArrayList<>();
    private final Acknowledgements acknowledged = new Acknowledgements();
    /** cycle-thread state */
    private Optional<CureState> lastState = Optional.empty();
    private Instant lastSampleAt;
    private boolean controllerFaulted;
    private boolean meterFaulted;
    private long cycles;
    private volatile BarnImage image;

    private BarnSite(Clock clock, BarnIo io, EnergyMeter meter, CureStore cures, CurePositionStore positions,
                     long batchId, Instant batchStartedAt, boolean resumed, CuringController controller,
                     AlarmBook alarms, SiteTally tally, Duration sampleEvery) {
        this.batchStartedAt = batchStartedAt;
        this.resumed = resumed;
        this.clock = clock;
        this.io = io;
        this.meter = meter;
        this.cures = cures;
        this.positions = positions;
        this.batchId = batchId;
        this.controller = controller;
        this.alarms = alarms;
        this.tally = tally;
        this.sampleEvery = sampleEvery;
        this.meterFaulted = alarms.isActive(METER_FAULT);
        this.controllerFaulted = alarms.isActive(CONTROLLER_FAULT);
        this.image = new BarnImage(batchId, controller.schedule(), io.heaterStageCount(), Optional.empty(),
                Optional.empty(), List.of(), Map.of(), false, io.damperPosition(), tally.status());
    }

    /**
     * Resumes the running cure from its saved position (same step, same process time), or starts a new batch
     * with {@code schedule} when none is running, and tells the tally where the batch began. A running cure's
     * schedule must be the configured one: a schedule is not switched under a barn of leaf by editing a file.
     */
    public static BarnSite startOrResume(Clock clock, BarnIo io, EnergyMeter meter, CureStore cures,
                                         CurePositionStore positions, CuringSchedule schedule, CuringTuning tuning,
                                         OptionalDouble freshLeafKg, Duration sampleEvery, SiteTally tally) {
        AlarmBook alarms = new AlarmBook();
        Optional<CureStore.RunningBatch> running = cures.runningBatch();
        if (running.isPresent()) {
            CureStore.RunningBatch b = running.get();
            if (!b.scheduleId().equals(schedule.id())) {
                throw new IllegalStateException("batch " + b.id() + " is curing with schedule '" + b.scheduleId()
                        + "' but the configuration names '" + schedule.id() + "': finish or end that cure first");
            }
            Instant now = clock.instant();
            Optional<CurePosition> saved = positions.load(b.id());
            // back within maxCycleGap of the last saved cycle (a crash, a kill, a watchdog restart) the control's
            // memory is taken up and the restart is one cycle to the barn; after a longer outage it is judged afresh
            CuringController controller = saved
                    .map(p -> CuringController.resumeAt(schedule, tuning, p, alarms, now))
                    .orElseGet(() -> new CuringController(schedule, tuning, alarms));
            if (controller.carriedOn()) {
                // the controller's own alarms are back in the book from its memory; the site's own (meter,
                // controller failure) stay active as stored, to clear when their cause goes
                cures.activeAlarms().forEach(alarms::restore);
                try {
                    io.restore(saved.get().memory().orElseThrow().io());
                } catch (RuntimeException e) {
                    LOG.warn("the damper's saved estimate cannot be taken up ({}); it is driven closed to find it "
                            + "again", e.getMessage());
                }
                LOG.info("resuming batch {} ({}), back {} s after the last cycle: the control carries on where it "
                        + "was", b.id(), schedule.id(), Duration.between(saved.get().savedAt(), now).toSeconds());
            } else {
                // Alarms stored before the outage are re-judged from scratch: the controller raises again, within a
                // cycle or two, whatever is still wrong, and nothing stays active whose cause went away meanwhile.
                cures.clearActiveAlarms(now, "re-evaluated after restart");
                LOG.info("resuming batch {} ({})", b.id(), schedule.id());
            }
            tally.continueBatch(b.startedAt());
            return new BarnSite(clock, io, meter, cures, positions, b.id(), b.startedAt(), true, controller, alarms,
                    tally, sampleEvery);
        }
        MeterReading first = meter.read();
        OptionalDouble startKwh = first instanceof MeterReading.Ok ok ? OptionalDouble.of(ok.importKwh())
                : OptionalDouble.empty();
        Optional<String> meterId = first instanceof MeterReading.Ok ok ? Optional.of(ok.meterId()) : Optional.empty();
        Instant startedAt = clock.instant();
        long id = cures.startBatch(schedule, startedAt, freshLeafKg, startKwh, meterId);
        LOG.info("started batch {} with schedule {}", id, schedule.id());
        tally.startBatch();
        return new BarnSite(clock, io, meter, cures, positions, id, startedAt, false,
                new CuringController(schedule, tuning, alarms), alarms, tally, sampleEvery);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** The last cycle's image (before the first cycle: the batch and schedule, no state). */
    public BarnImage image() {
        return image;
    }

    /**
     * An operator's request, checked against the last published image and queued for the next cycle, where the
     * controller records it with who asked (an acknowledgement is written to the event log there); safe from any
     * thread. A request the cure's state does not allow is refused and nothing is queued.
     */
    public ActionResult handle(BarnRequest request) {
        BarnImage now = image;
        return switch (request) {
            case BarnRequest.Cure cure -> switch (cure.command()) {
                case OperatorCommand.Confirm c -> {
                    Optional<CureState> s = now.state();
                    if (s.isEmpty() || s.get().phase() != CurePhase.AWAITING_CONFIRMATION) {
                        yield refused(ActionResult.Reason.CONFLICT, "step "
                                + s.map(CureState::stepIndex).orElse(-1) + " does not await confirmation ("
                                + s.map(x -> x.phase().name()).orElse("no cure") + ")");
                    }
                    yield queued(cure, "step " + s.get().stepIndex() + " (" + s.get().stepName() + ") confirmed");
                }
                case OperatorCommand.Advance a -> now.running().map(s -> queued(cure, "step " + s.stepIndex() + " ("
                        + s.stepName() + ") ends now")).orElseGet(BarnSite::noCure);
                case OperatorCommand.Extend e -> now.running().map(s -> queued(cure, "step " + s.stepIndex()
                        + " extended by " + e.by().toMinutes() + " min")).orElseGet(BarnSite::noCure);
            };
            case BarnRequest.SwitchSchedule s -> {
                if (!ScheduleLoader.builtInIds().contains(s.scheduleId())
                        && !s.scheduleId().equals(now.schedule().id())) {
                    yield refused(ActionResult.Reason.NOT_FOUND, "no installed schedule '"
                            + s.scheduleId() + "'; installed: "
                            + ScheduleLoader.builtInIds());
                }
                yield refused(ActionResult.Reason.CONFLICT, "batch " + now.batchId()
                        + " is curing with '" + now.schedule().id() + "'; a schedule is chosen when a cure starts "
                        + "(barn.schedule in the config), never switched under a barn of leaf");
            }
            case BarnRequest.AcknowledgeAlarm ack -> {
                Optional<String> refusal = Acknowledgements.refusal(ack.code(), now.alarms());
                yield refusal.map(r -> refused(ActionResult.Reason.NOT_FOUND, r))
                        .orElseGet(() -> queued(ack, "alarm " + ack.code() + " acknowledged by " + ack.who()
                                + "; recorded by the next control cycle"));
            }
        };
    }

    private ActionResult queued(BarnRequest request, String done) {
        requests.add(request);
        return ActionResult.done(done);
    }

    private static ActionResult refused(ActionResult.Reason reason, String message) {
        return ActionResult.refused(reason, message);
    }

    private static ActionResult noCure() {
        return refused(ActionResult.Reason.CONFLICT, "no cure is running");
    }

    /** One control cycle: requests, read, control, write, book, publish. */
    public void cycle() {
        cycles++;
        List<OperatorCommand> commands = takeRequests();
        MeterReading reading = meter.read();
        List<CuringEvent> events = new ArrayList<>();
        CycleResult result;
        try {
            result = controller.step(io.read(), commands);
        } catch (RuntimeException e) {
            io.safeState();
            LOG.error("curing controller failed; barn put in its safe state", e);
            if (!controllerFaulted) {
                controllerFaulted = true;
                alarms.raise(CONTROLLER_FAULT, Alarm.Severity.CRITICAL, "the curing controller failed (" + e
                        + "); heat is off and the cure holds. Check the log, then restart the service",
                        clock.instant()).ifPresent(a -> events.add(new CuringEvent.AlarmRaised(a)));
                cures.appendEvents(events);
            }
            finish(reading, events);
            return;
        }
        io.write(result.outputs());
        events.addAll(result.events());
        if (result.repeated()) {
            // the cycle at this time was booked before the restart: only its outputs needed writing again
            positions.save(batchId, withIo(result.position()), events);
            lastState = Optional.of(result.state());
            finish(reading, events);
            return;
        }
        if (controllerFaulted) {
            controllerFaulted = false;
            if (alarms.clear(CONTROLLER_FAULT, clock.instant())) {
                events.add(new CuringEvent.AlarmCleared(CONTROLLER_FAULT, clock.instant()));
            }
        }
        meterAlarm(reading, events);
        boolean complete = events.stream().anyMatch(e -> e instanceof CuringEvent.CureComplete);
        sample(result.state(), reading, complete);
        // every cycle, with its events in one commit: the position is the cycle's heartbeat, so a crash or a power
        // cut loses at most the cycle in progress and the outage is measured from the last cycle that completed
        positions.save(batchId, withIo(result.position()), events);
        if (complete) {
            cures.completeBatch(batchId, clock.instant(), OptionalDouble.empty(), kwh(reading));
        }
        lastState = Optional.of(result.state());
        finish(reading, events);
        if (complete) {
            // after this cycle's reading is booked, so the batch's records cover the cure to its last reading
            tally.closeBatch("batch-" + batchId, batchStartedAt);
        }
    }

    /** The operator requests queued since the last cycle: acknowledgements recorded now, the rest for the cure. */
    private List<OperatorCommand> takeRequests() {
        List<OperatorCommand> commands = new ArrayList<>();
        for (BarnRequest r; (r = requests.poll()) != null; ) {
            switch (r) {
                case BarnRequest.Cure cure -> commands.add(cure.command());
                case BarnRequest.AcknowledgeAlarm ack -> {
                    if (alarms.isActive(ack.code()) && cures.acknowledgeAlarm(ack.code(), ack.who(), clock.instant())) {
                        acknowledged.record(ack.code(), ack.who());
                    } else {
                        LOG.info("alarm {} cleared before {}'s acknowledgement was recorded", ack.code(), ack.who());
                    }
                }
                case BarnRequest.SwitchSchedule s -> LOG.warn("schedule switch to {} by {} was refused, not queued",
                        s.scheduleId(), s.who());
            }
        }
        return commands;
    }

    /** Books the reading, sends the cycle's alarm changes, publishes the image: the same for every cycle. */
    private void finish(MeterReading reading, List<CuringEvent> events) {
        tally.book(reading);
        for (AlarmEvent change : alarms.drainChanges()) {
            tally.publish(change);
        }
        acknowledged.retainActive(alarms.active());
        BarnImage published = new BarnImage(batchId, controller.schedule(), io.heaterStageCount(), lastState,
                Optional.of(reading), alarms.active(), acknowledged.snapshot(), controllerFaulted,
                io.damperPosition(), tally.status());
        image = published;
        for (Listener l : listeners) {
            l.published(published, events);
        }
    }

    private void meterAlarm(MeterReading reading, List<CuringEvent> events) {
        if (reading instanceof MeterReading.Failed f && !meterFaulted) {
            meterFaulted = true;
            alarms.raise(METER_FAULT, Alarm.Severity.WARNING, "the barn's kWh meter does not answer (" + f.reason()
                    + "); nothing is booked until it does, and no kWh is lost: the meter keeps counting",
                    clock.instant()).ifPresent(a -> events.add(new CuringEvent.AlarmRaised(a)));
        } else if (reading instanceof MeterReading.Ok && meterFaulted) {
            meterFaulted = false;
            if (alarms.clear(METER_FAULT, clock.instant())) {
                events.add(new CuringEvent.AlarmCleared(METER_FAULT, clock.instant()));
            }
        }
    }

    private void sample(CureState state, MeterReading reading, boolean flushNow) {
        Instant at = state.at();
        if (lastSampleAt == null || Duration.between(lastSampleAt, at).compareTo(sampleEvery) >= 0) {
            lastSampleAt = at;
            pendingSamples.add(BarnSample.of(state, kwh(reading)));
        }
        // Curve points are written in small batches (SD-card wear); tallies never wait like this.
        if (pendingSamples.size() >= 10 || (flushNow && !pendingSamples.isEmpty())) {
            flushSamples();
        }
    }

    /** Writes buffered curve samples and the current position; call on an orderly stop, after the last cycle. */
    public void flush() {
        flushSamples();
        if (lastState.isPresent()) {
            positions.save(batchId, withIo(controller.position(clock.instant())));
        }
    }

    /** The controller's position with the wiring's part of the control memory. */
    private CurePosition withIo(CurePosition p) {
        return p.withMemory(p.memory().map(m -> m.withIo(io.memory())));
    }

    private void flushSamples() {
        if (!pendingSamples.isEmpty()) {
            cures.appendSamples(batchId, List.copyOf(pendingSamples));
            pendingSamples.clear();
        }
    }

    private static OptionalDouble kwh(MeterReading r) {
        return r instanceof MeterReading.Ok ok ? OptionalDouble.of(ok.importKwh()) : OptionalDouble.empty();
    }

    public long batchId() {
        return batchId;
    }

    /** Whether this is a cure carried on from before a restart (false: a batch started now). */
    public boolean resumed() {
        return resumed;
    }

    /** When the cure in this barn started (before any restart). */
    public Instant batchStartedAt() {
        return batchStartedAt;
    }

    public CuringSchedule schedule() {
        return controller.schedule();
    }

    /** The state after the last cycle, empty before the first. */
    public Optional<CureState> state() {
        return image.state();
    }

    public Optional<MeterReading> lastMeterReading() {
        return image.meter();
    }

    public boolean complete() {
        return image.complete();
    }

    /** Every active alarm as of the last cycle: the controller's and the site's own (controller failure, meter). */
    public List<Alarm> activeAlarms() {
        return image.alarms();
    }

    /** True while a controller failure holds the barn in its safe state. */
    public boolean inSafeState() {
        return image.safeState();
    }

    public long cycles() {
        return cycles;
    }

    public BarnIo io() {
        return io;
    }
}
