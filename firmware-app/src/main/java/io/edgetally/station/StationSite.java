package io.edgetally.station;

import io.edgetally.alarm.Acknowledgements;
import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.alarm.AlarmEvent;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.ModbusStationIo;
import io.edgetally.io.plc.StationIo;
import io.edgetally.protocol.eta.EtaSnapshot;
import io.edgetally.station.control.ChargingPolicy;
import io.edgetally.station.control.ReceivedEta;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationEvent;
import io.edgetally.station.control.StationSnapshot;
import io.edgetally.status.ActionResult;
import io.edgetally.tally.SiteTally;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's control loop: each {@link #cycle()} takes what was queued since the last one (operator requests,
 * the dispatch feed's ETA snapshots), reads the revenue meter and every charger's DC meter (Modbus), takes the PLC's
 * image of slots, packs and queue, lets the controller decide, sends the setpoints, stores the sample and the swaps,
 * books the revenue meter into the tally, sends the cycle's alarm changes to the registry, and publishes a
 * {@link StationImage}. Other threads only queue ({@link #handle}, {@link #receiveEta}) and read the image.
 *
 * <p>A charger whose DC meter does not answer is reported to the controller as offline and gets no power: energy
 * that cannot be metered is not delivered. A revenue meter that does not answer is the controller's to handle
 * (it raises an alarm and stops tracking the peak); the ledger books the missed energy from the next reading.
 */
public final class StationSite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StationSite.class);
    /** Far above any station's connection; catches a value typed in W instead of kW. */
    private static final BigDecimal MAX_CAP_KW = BigDecimal.valueOf(100_000);

    /** Told of every published image, on the control cycle's thread; must return at once. */
    @FunctionalInterface
    public interface Listener {
        void published(StationImage image);
    }

    private final Clock clock;
    private final StationIo io;
    private final EnergyMeter gridMeter;
    private final List<EnergyMeter> dcMeters;
    private final ChargingPolicy policy;
    private final SwapStore store;
    private final AlarmBook alarms;
    private final SiteTally tally;
    private final double[] lastDcKwh;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<StationRequest> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ReceivedEta> etas = new ConcurrentLinkedQueue<>();
    private final Acknowledgements acknowledged = new Acknowledgements();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    /** cycle-thread state */
    private OptionalDouble externalCapKw = OptionalDouble.empty();
    private volatile StationImage image;

    /**
     * @param dcMeters one per slot, in slot order
     * @param alarms   the site's alarm book, shared with the controller and the PLC link
     * @param tally    where the revenue meter is booked and every alarm change is sent
     */
    public StationSite(Clock clock, StationIo io, EnergyMeter gridMeter, List<EnergyMeter> dcMeters,
                       ChargingPolicy policy, SwapStore store, AlarmBook alarms, SiteTally tally) {
        this.clock = clock;
        this.io = io;
        this.gridMeter = gridMeter;
        this.dcMeters = List.copyOf(dcMeters);
        this.policy = policy;
        this.store = store;
        this.alarms = alarms;
        this.tally = tally;
        this.lastDcKwh = new double[dcMeters.size()];
        this.image = StationImage.beforeFirstCycle(clock.instant());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The last cycle's image (before the first cycle: an empty one). */
    public StationImage image() {
        return image;
    }

    /**
     * An operator's request, checked against the last published image and queued for the next cycle; safe from any
     * thread. Acknowledging an alarm that is not active, or a cap out of range, is refused.
     */
    public ActionResult handle(StationRequest request) {
        return switch (request) {
            case StationRequest.SetPowerCap cap -> {
                if (cap.capKw().isPresent()) {
                    BigDecimal kw = cap.capKw().get();
                    if (kw.signum() < 0 || kw.compareTo(MAX_CAP_KW) > 0) {
                        yield ActionResult.refused(ActionResult.Reason.INVALID, "cap " + kw.toPlainString()
                                + " kW out of range: expected 0 to " + MAX_CAP_KW.toPlainString() + " kW");
                    }
                }
                requests.add(cap);
                yield ActionResult.done(cap.capKw().map(kw -> "external cap " + kw.toPlainString() + " kW set by "
                        + cap.who() + "; obeyed from the next control cycle")
                        .orElse("external cap lifted by " + cap.who() + " from the next control cycle"));
            }
            case StationRequest.AcknowledgeAlarm ack -> {
                Optional<String> refusal = Acknowledgements.refusal(ack.code(), image.alarms());
                if (refusal.isPresent()) {
                    yield ActionResult.refused(ActionResult.Reason.NOT_FOUND, refusal.get());
                }
                requests.add(ack);
                yield ActionResult.done("alarm " + ack.code() + " acknowledged by " + ack.who()
                        + "; recorded by the next control cycle");
            }
        };
    }

    /** A dispatch feed snapshot arrived (any thread): the next cycle hands it to the controller. */
    public void receiveEta(EtaSnapshot snapshot) {
        etas.add(new ReceivedEta(snapshot, clock.instant()));
    }

    /** One control cycle. */
    public StationCommand cycle() {
        Instant now = clock.instant();
        takeRequests();
        List<ReceivedEta> received = new ArrayList<>();
        for (ReceivedEta e; (e = etas.poll()) != null; ) {
            received.add(e);
        }
        // every meter sits behind its own gateway: read them all at once, the cycle waits for the slowest only
        List<Future<MeterReading>> dcReads = new ArrayList<>(dcMeters.size());
        for (EnergyMeter m : dcMeters) {
            dcReads.add(readers.submit(m::read));
        }
        MeterReading grid = gridMeter.read();
        StationIo.Image plc = io.read();
        if (plc.slots().size() != dcMeters.size()) {
            throw new IllegalStateException("station PLC reports " + plc.slots().size() + " slots but "
                    + dcMeters.size() + " DC meters are configured");
        }
        List<SlotState> slots = new ArrayList<>(plc.slots().size());
        for (int i = 0; i < plc.slots().size(); i++) {
            StationIo.SlotImage s = plc.slots().get(i);
            ChargerStatus status = s.charger();
            if (result(dcReads.get(i), dcMeters.get(i)) instanceof MeterReading.Ok ok && ok.importKwh() >= 0) {
                lastDcKwh[i] = ok.importKwh();
            } else if (status == ChargerStatus.OK) {
                status = ChargerStatus.OFFLINE;
            }
            slots.add(new SlotState(s.slot(), status, s.pack(), lastDcKwh[i]));
        }
        StationSnapshot snapshot = new StationSnapshot(slots, grid, externalCapKw, plc.trucksWaiting(),
                plc.completedSwaps(), received);
        StationCommand command = policy.step(snapshot, now);
        io.apply(command.setpoints());
        for (StationEvent e : command.events()) {
            if (e instanceof StationEvent.SwapRecorded r) {
                store.recordSwap(r.swap());
            }
        }
        io.swapsStored();
        OptionalDouble importKwh = grid instanceof MeterReading.Ok ok ? OptionalDouble.of(ok.importKwh())
                : OptionalDouble.empty();
        store.recordSample(StationSample.of(now, snapshot, command, importKwh));
        // The swap-diesel methodology takes the grid energy the revenue meter counts and applies the station's
        // charging efficiency itself: the ledger is fed grid kWh, never DC energy or pack SOC deltas.
        tally.book(grid);
        for (AlarmEvent change : alarms.drainChanges()) {
            log(change);
            tally.publish(change);
        }
        acknowledged.retainActive(alarms.active());
        StationImage published = new StationImage(now, Optional.of(snapshot), Optional.of(command), externalCapKw,
                alarms.active(), acknowledged.snapshot(), tally.status());
        image = published;
        for (Listener l : listeners) {
            l.published(published);
        }
        return command;
    }

    private void takeRequests() {
        for (StationRequest r; (r = requests.poll()) != null; ) {
            switch (r) {
                case StationRequest.SetPowerCap cap -> {
                    externalCapKw = cap.capKw().map(kw -> OptionalDouble.of(kw.doubleValue()))
                            .orElse(OptionalDouble.empty());
                    LOG.info("external cap {} by {}", cap.capKw().map(kw -> kw.toPlainString() + " kW")
                            .orElse("lifted"), cap.who());
                }
                case StationRequest.AcknowledgeAlarm ack -> {
                    if (alarms.isActive(ack.code())) {
                        acknowledged.record(ack.code(), ack.who());
                        LOG.info("alarm {} acknowledged by {}", ack.code(), ack.who());
                    }
                }
            }
        }
    }

    private static void log(AlarmEvent change) {
        switch (change) {
            case AlarmEvent.Raised r -> LOG.warn("alarm {}: {}", r.alarm().code(), r.alarm().message());
            case AlarmEvent.Cleared c -> LOG.info("alarm {} cleared", c.code());
            case AlarmEvent.Acknowledged a -> LOG.info("alarm {} acknowledged by {}", a.code(), a.by());
        }
    }

    private MeterReading result(Future<MeterReading> read, EnergyMeter meter) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MeterReading.Failed(meter.describe(), "interrupted while reading", clock.instant());
        } catch (ExecutionException e) {
            return new MeterReading.Failed(meter.describe(), "read failed: " + e.getCause(), clock.instant());
        }
    }

    /** Stops the meter-reading threads; the meters themselves belong to the caller. */
    @Override
    public void close() {
        readers.shutdownNow();
    }

    /** The last cycle's setpoints total, for status displays; 0 before the first cycle. */
    public double gridKw() {
        return image.command().map(StationCommand::totalKw).orElse(0.0);
    }

    /** The PLC link's active alarms (as of the last cycle). */
    public List<Alarm> ioAlarms() {
        return image.alarms().stream().filter(a -> ModbusStationIo.isLinkAlarm(a.code())).toList();
    }

    public Optional<StationCommand> lastCommand() {
        return image.command();
    }

    public Optional<MeterReading> lastGridReading() {
        return image.gridMeter();
    }

    public Optional<StationSnapshot> lastSnapshot() {
        return image.snapshot();
    }

    /** The external cap the last cycle obeyed. */
    public OptionalDouble externalCapKw() {
        return image.externalCapKw();
    }
}
