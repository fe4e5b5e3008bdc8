package io.edgetally.barn;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.BarnSample;
import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CurePositionStore;
import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.CureStore;
import io.edgetally.barn.curing.CuringController;
import io.edgetally.barn.curing.CuringEvent;
import io.edgetally.barn.curing.CuringTuning;
import io.edgetally.barn.curing.CycleResult;
import io.edgetally.barn.curing.OperatorCommand;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.io.BarnIo;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One curing barn at run time: each {@link #cycle()} reads the process image and the meter, runs the curing
 * controller, writes the relays, and books what happened (events, alarms, curve samples, the schedule position)
 * in SQLite. Operator commands arrive from other threads through {@link #submit}; they are applied at the next
 * cycle, never in the middle of one.
 *
 * <p>A controller exception is not swallowed: the barn goes to its safe state at once, a CRITICAL alarm is raised
 * and kept until a cycle runs clean again.
 */
public final class BarnSite {

    private static final Logger LOG = LoggerFactory.getLogger(BarnSite.class);
    static final String CONTROLLER_FAULT = "barn.controller.fault";
    static final String METER_FAULT = "barn.meter.unreadable";

    /** Called after every cycle with what it read and decided; the ledger, uplink and status hang here. */
    public interface CycleListener {
        void afterCycle(CureState state, MeterReading meter, List<CuringEvent> events);
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
    private final Duration sampleEvery;
    private final ConcurrentLinkedQueue<OperatorCommand> commands = new ConcurrentLinkedQueue<>();
    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BarnSample> pendingSamples = new ArrayList<>();
    private volatile CureState lastState;
    private volatile MeterReading lastMeter;
    private Instant lastSampleAt;
    private volatile boolean controllerFaulted;
    private boolean meterFaulted;
    /** Alarms the site raises itself (the controller keeps its own): code -> alarm. */
    private final java.util.Map<String, Alarm> siteAlarms = new java.util.concurrent.ConcurrentHashMap<>();
    private long cycles;

    private BarnSite(Clock clock, BarnIo io, EnergyMeter meter, CureStore cures, CurePositionStore positions,
                     long batchId, Instant batchStartedAt, boolean resumed, CuringController controller,
                     Duration sampleEvery) {
        this.batchStartedAt = batchStartedAt;
        this.resumed = resumed;
        this.clock = clock;
        this.io = io;
        this.meter = meter;
        this.cures = cures;
        this.positions = positions;
        this.batchId = batchId;
        this.controller = controller;
        this.sampleEvery = sampleEvery;
    }

    /**
     * Resumes the running cure from its saved position (same step, same process time), or starts a new batch
     * with {@code schedule} when none is running. A running cure's schedule must be the configured one: a
     * schedule is not switched under a barn of leaf by editing a file.
     */
    public static BarnSite startOrResume(Clock clock, BarnIo io, EnergyMeter meter, CureStore cures,
                                         CurePositionStore positions, CuringSchedule schedule, CuringTuning tuning,
                                         OptionalDouble freshLeafKg, Duration sampleEvery) {
        Optional<CureStore.RunningBatch> running = cures.runningBatch();
        if (running.isPresent()) {
            CureStore.RunningBatch b = running.get();
            if (!b.scheduleId().equals(schedule.id())) {
                throw new IllegalStateException("batch " + b.id() + " is curing with schedule '" + b.scheduleId()
                        + "' but the configuration names '" + schedule.id() + "': finish or end that cure first");
            }
            // Alarms stored before the outage are re-judged from scratch: the controller raises again, within a
            // cycle or two, whatever is still wrong, and nothing stays active whose cause went away meanwhile.
            cures.clearActiveAlarms(clock.instant(), "re-evaluated after restart");
            CuringController controller = positions.load(b.id())
                    .map(p -> CuringController.resume(schedule, tuning, p))
                    .orElseGet(() -> new CuringController(schedule, tuning));
            LOG.info("resuming batch {} ({})", b.id(), schedule.id());
            return new BarnSite(clock, io, meter, cures, positions, b.id(), b.startedAt(), true, controller,
                    sampleEvery);
        }
        MeterReading first = meter.read();
        OptionalDouble startKwh = first instanceof MeterReading.Ok ok ? OptionalDouble.of(ok.importKwh())
                : OptionalDouble.empty();
        Optional<String> meterId = first instanceof MeterReading.Ok ok ? Optional.of(ok.meterId()) : Optional.empty();
        Instant startedAt = clock.instant();
        long id = cures.startBatch(schedule, startedAt, freshLeafKg, startKwh, meterId);
        LOG.info("started batch {} with schedule {}", id, schedule.id());
        return new BarnSite(clock, io, meter, cures, positions, id, startedAt, false,
                new CuringController(schedule, tuning), sampleEvery);
    }

    public void addListener(CycleListener l) {
        listeners.add(l);
    }

    /** Queues an operator command for the next cycle; safe from any thread. */
    public void submit(OperatorCommand command) {
        commands.add(command);
    }

    /** One control cycle: read, control, write, book. */
    public void cycle() {
        cycles++;
        MeterReading reading = meter.read();
        lastMeter = reading;
        List<OperatorCommand> pending = new ArrayList<>();
        for (OperatorCommand c; (c = commands.poll()) != null; ) {
            pending.add(c);
        }
        List<CuringEvent> events = new ArrayList<>();
        CycleResult result;
        try {
            result = controller.step(io.read(), pending);
        } catch (RuntimeException e) {
            io.safeState();
            LOG.error("curing controller failed; barn put in its safe state", e);
            if (!controllerFaulted) {
                controllerFaulted = true;
                Alarm alarm = new Alarm(CONTROLLER_FAULT, Alarm.Severity.CRITICAL,
                        "the curing controller failed (" + e + "); heat is off and the cure holds. "
                                + "Check the log, then restart the service", clock.instant());
                siteAlarms.put(alarm.code(), alarm);
                events.add(new CuringEvent.AlarmRaised(alarm));
                cures.appendEvents(events);
                CureState previous = lastState;
                if (previous != null) {
                    for (CycleListener l : listeners) {
                        l.afterCycle(previous, reading, events);
                    }
                }
            }
            return;
        }
        io.write(result.outputs());
        events.addAll(result.events());
        if (controllerFaulted) {
            controllerFaulted = false;
            siteAlarms.remove(CONTROLLER_FAULT);
            events.add(new CuringEvent.AlarmCleared(CONTROLLER_FAULT, clock.instant()));
        }
        meterAlarm(reading, events);
        if (!events.isEmpty()) {
            cures.appendEvents(events);
        }
        boolean complete = events.stream().anyMatch(e -> e instanceof CuringEvent.CureComplete);
        sample(result.state(), reading, complete);
        if (result.persistNow() || complete) {
            positions.save(batchId, result.position());
        }
        if (complete) {
            cures.completeBatch(batchId, clock.instant(), OptionalDouble.empty(), kwh(reading));
        }
        lastState = result.state();
        for (CycleListener l : listeners) {
            l.afterCycle(result.state(), reading, events);
        }
    }

    private void meterAlarm(MeterReading reading, List<CuringEvent> events) {
        if (reading instanceof MeterReading.Failed f && !meterFaulted) {
            meterFaulted = true;
            Alarm alarm = new Alarm(METER_FAULT, Alarm.Severity.WARNING,
                    "the barn's kWh meter does not answer (" + f.reason() + "); nothing is booked until it does, "
                            + "and no kWh is lost: the meter keeps counting", clock.instant());
            siteAlarms.put(alarm.code(), alarm);
            events.add(new CuringEvent.AlarmRaised(alarm));
        } else if (reading instanceof MeterReading.Ok && meterFaulted) {
            meterFaulted = false;
            siteAlarms.remove(METER_FAULT);
            events.add(new CuringEvent.AlarmCleared(METER_FAULT, clock.instant()));
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

    /** Writes buffered curve samples and the current position; call on an orderly stop. */
    public void flush() {
        flushSamples();
        if (lastState != null) {
            positions.save(batchId, controller.position(clock.instant()));
        }
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
        return Optional.ofNullable(lastState);
    }

    public Optional<MeterReading> lastMeterReading() {
        return Optional.ofNullable(lastMeter);
    }

    public boolean complete() {
        CureState s = lastState;
        return s != null && s.phase() == CurePhase.COMPLETE;
    }

    /** Every active alarm: the controller's and the site's own (controller failure, meter silent). */
    public List<Alarm> activeAlarms() {
        List<Alarm> all = new ArrayList<>(siteAlarms.values());
        CureState s = lastState;
        if (s != null) {
            all.addAll(s.activeAlarms());
        }
        return all;
    }

    /** True while a controller failure holds the barn in its safe state. */
    public boolean inSafeState() {
        return controllerFaulted;
    }

    /** Records an operator's acknowledgement of an active alarm; false when no alarm with that code is active. */
    public boolean acknowledgeAlarm(String code, String by) {
        if (activeAlarms().stream().noneMatch(a -> a.code().equals(code))) {
            return false;
        }
        return cures.acknowledgeAlarm(code, by, clock.instant());
    }

    public long cycles() {
        return cycles;
    }

    public BarnIo io() {
        return io;
    }
}
