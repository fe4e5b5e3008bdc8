package io.edgetally.station;

import io.edgetally.alarm.Alarm;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.StationIo;
import io.edgetally.station.control.ChargingPolicy;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationEvent;
import io.edgetally.station.control.StationSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The station's control loop: each {@link #cycle()} reads the revenue meter and every charger's DC meter (Modbus),
 * takes the PLC's image of slots, packs and queue, lets the controller decide, sends the setpoints, stores the
 * sample and the swaps, and hands the revenue meter's reading to its listeners (the ledger).
 *
 * <p>A charger whose DC meter does not answer is reported to the controller as offline and gets no power: energy
 * that cannot be metered is not delivered. A revenue meter that does not answer is the controller's to handle
 * (it raises an alarm and stops tracking the peak); the ledger books the missed energy from the next reading.
 */
public final class StationSite implements AutoCloseable {

    /** Told after every cycle. */
    public interface CycleListener {
        void afterCycle(Instant at, MeterReading gridMeter, StationCommand command);
    }

    private final Clock clock;
    private final StationIo io;
    private final EnergyMeter gridMeter;
    private final List<EnergyMeter> dcMeters;
    private final ChargingPolicy policy;
    private final SwapStore store;
    private final double[] lastDcKwh;
    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    private volatile OptionalDouble externalCapKw = OptionalDouble.empty();
    private volatile StationCommand lastCommand;
    private volatile StationSnapshot lastSnapshot;
    private volatile MeterReading lastGridReading;
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    /** @param dcMeters one per slot, in slot order */
    public StationSite(Clock clock, StationIo io, EnergyMeter gridMeter, List<EnergyMeter> dcMeters,
                       ChargingPolicy policy, SwapStore store) {
        this.clock = clock;
        this.io = io;
        this.gridMeter = gridMeter;
        this.dcMeters = List.copyOf(dcMeters);
        this.policy = policy;
        this.store = store;
        this.lastDcKwh = new double[dcMeters.size()];
    }

    public void addListener(CycleListener listener) {
        listeners.add(listener);
    }

    /** The operator's (or grid operator's) limit on top of the station cap; empty lifts it. Obeyed next cycle. */
    public void setExternalCapKw(OptionalDouble capKw) {
        if (capKw.isPresent() && !(capKw.getAsDouble() >= 0)) {
            throw new IllegalArgumentException("external cap must be >= 0 kW, got " + capKw.getAsDouble());
        }
        externalCapKw = capKw;
    }

    public OptionalDouble externalCapKw() {
        return externalCapKw;
    }

    /** One control cycle. */
    public StationCommand cycle() {
        Instant now = clock.instant();
        // every meter sits behind its own gateway: read them all at once, the cycle waits for the slowest only
        List<Future<MeterReading>> dcReads = new ArrayList<>(dcMeters.size());
        for (EnergyMeter m : dcMeters) {
            dcReads.add(readers.submit(m::read));
        }
        MeterReading grid = gridMeter.read();
        StationIo.Image image = io.read();
        if (image.slots().size() != dcMeters.size()) {
            throw new IllegalStateException("station PLC reports " + image.slots().size() + " slots but "
                    + dcMeters.size() + " DC meters are configured");
        }
        List<SlotState> slots = new ArrayList<>(image.slots().size());
        for (int i = 0; i < image.slots().size(); i++) {
            StationIo.SlotImage s = image.slots().get(i);
            ChargerStatus status = s.charger();
            if (result(dcReads.get(i), dcMeters.get(i)) instanceof MeterReading.Ok ok && ok.importKwh() >= 0) {
                lastDcKwh[i] = ok.importKwh();
            } else if (status == ChargerStatus.OK) {
                status = ChargerStatus.OFFLINE;
            }
            slots.add(new SlotState(s.slot(), status, s.pack(), lastDcKwh[i]));
        }
        StationSnapshot snapshot = new StationSnapshot(slots, grid, externalCapKw, image.trucksWaiting(),
                image.completedSwaps());
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
        lastSnapshot = snapshot;
        lastCommand = command;
        lastGridReading = grid;
        for (CycleListener l : listeners) {
            l.afterCycle(now, grid, command);
        }
        return command;
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
        StationCommand c = lastCommand;
        return c == null ? 0 : c.setpoints().stream().mapToDouble(ChargerSetpoint::powerKw).sum();
    }

    /** Alarms of the PLC link (see {@link StationIo#activeAlarms()}), beside the controller's own. */
    public List<Alarm> ioAlarms() {
        return io.activeAlarms();
    }

    public Optional<StationCommand> lastCommand() {
        return Optional.ofNullable(lastCommand);
    }

    public Optional<MeterReading> lastGridReading() {
        return Optional.ofNullable(lastGridReading);
    }

    public Optional<StationSnapshot> lastSnapshot() {
        return Optional.ofNullable(lastSnapshot);
    }
}
