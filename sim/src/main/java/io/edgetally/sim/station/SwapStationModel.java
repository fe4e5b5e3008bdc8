package io.edgetally.sim.station;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.ChargerSetpoint;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import io.edgetally.io.plc.SwapObservation;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.station.control.StationSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A heavy-truck swap station: packs in charging slots, chargers following setpoints within what the pack's BMS
 * accepts, pack heating and cooling, a queue of trucks and a swap bay, the revenue meter (grid import counter) and a
 * DC meter per charger. Time moves only in {@link #advance(Duration)}.
 */
public final class SwapStationModel {

    /** What the model remembers of each served truck, for waits and for the perfect-foresight baseline. */
    public record ServedSwap(String truckId, int slot, Instant arrivedAt, Instant startedAt, Instant completedAt,
                             double socOut, double socIn) {
        public Duration waited() {
            return Duration.between(arrivedAt, startedAt);
        }
    }

    private static final Duration MAX_SUBSTEP = Duration.ofMinutes(1);

    private final StationModelConfig config;
    private final ZoneId zone;
    private final List<TruckArrival> arrivals;
    private int nextArrival;
    private Instant now;

    private final String[] packId;
    private final double[] soc;
    private final double[] temperature;
    private final boolean[] chargerFault;
    private final double[] dcMeterKwh;
    private final double[] setpointKw;
    private final double[] actualKw;
    private final Instant[] busyUntil;
    private final PendingSwap[] pending;
    private final Deque<TruckArrival> queue = new ArrayDeque<>();
    private final Map<String, String> packOfTruck = new HashMap<>();
    private final List<SwapObservation> completed = new ArrayList<>();
    private final List<ServedSwap> served = new ArrayList<>();
    private double gridImportKwh;
    private OptionalDouble externalCapKw = OptionalDouble.empty();
    private long capViolationSubsteps;
    private double worstExcessKw;
    private int nextSparePack = 1;

    private record PendingSwap(TruckArrival truck, String packOut, double socOut, Instant startedAt) {}

    public SwapStationModel(StationModelConfig config, ZoneId zone, List<TruckArrival> arrivals, Instant start) {
        this.config = config;
        this.zone = zone;
        this.arrivals = List.copyOf(arrivals);
        this.now = start;
        int n = config.slots();
        packId = new String[n];
        soc = new double[n];
        temperature = new double[n];
        chargerFault = new boolean[n];
        dcMeterKwh = new double[n];
        setpointKw = new double[n];
        actualKw = new double[n];
        busyUntil = new Instant[n];
        pending = new PendingSwap[n];
        for (int i = 0; i < n; i++) {
            packId[i] = String.format("S%02d", i + 1);
            soc[i] = config.initialSoc();
            temperature[i] = ambient(start);
        }
    }

    public Instant now() {
        return now;
    }

    /** The process image a controller sees; hands over (and forgets) the swaps completed since the last call. */
    public StationSnapshot snapshot() {
        List<SlotState> slots = new ArrayList<>(config.slots());
        for (int i = 0; i < config.slots(); i++) {
            Optional<PackState> pack = pending[i] != null ? Optional.empty()
                    : Optional.of(new PackState(packId[i], Math.clamp(soc[i], 0, 1),
                            new TemperatureReading.Valid(temperature[i])));
            slots.add(new SlotState(i, chargerFault[i] ? ChargerStatus.FAULT : ChargerStatus.OK, pack, dcMeterKwh[i]));
        }
        List<SwapObservation> swaps = List.copyOf(completed);
        completed.clear();
        return new StationSnapshot(slots, new MeterReading.Ok("sim-revenue-meter", gridImportKwh, gridKw() * 1000, now),
                externalCapKw, queue.size(), swaps);
    }

    /** Chargers take new setpoints; a slot not named keeps its previous one. */
    public void apply(List<ChargerSetpoint> setpoints) {
        for (ChargerSetpoint s : setpoints) {
            setpointKw[s.slot()] = s.powerKw();
        }
    }

    public void advance(Duration duration) {
        Instant end = now.plus(duration);
        while (now.isBefore(end)) {
            Instant next = now.plus(MAX_SUBSTEP);
            if (next.isAfter(end)) {
                next = end;
            }
            for (Instant b : busyUntil) {
                if (b != null && b.isAfter(now) && b.isBefore(next)) {
                    next = b;
                }
            }
            if (nextArrival < arrivals.size() && arrivals.get(nextArrival).at().isAfter(now)
                    && arrivals.get(nextArrival).at().isBefore(next)) {
                next = arrivals.get(nextArrival).at();
            }
            charge(Duration.between(now, next));
            now = next;
            events();
        }
    }

    private void events() {
        while (nextArrival < arrivals.size() && !arrivals.get(nextArrival).at().isAfter(now)) {
            queue.add(arrivals.get(nextArrival++));
        }
        for (int i = 0; i < config.slots(); i++) {
            if (pending[i] != null && !busyUntil[i].isAfter(now)) {
                completeSwap(i);
            }
        }
        int bays = config.swapBays();
        for (PendingSwap p : pending) {
            if (p != null) {
                bays--;
            }
        }
        while (bays > 0 && !queue.isEmpty()) {
            int best = -1;
            for (int i = 0; i < config.slots(); i++) {
                boolean ready = soc[i] >= config.readySoc() - StationControllerConfig.SOC_TOLERANCE;
                if (pending[i] == null && ready && (best < 0 || soc[i] > soc[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return;
            }
            TruckArrival truck = queue.poll();
            pending[best] = new PendingSwap(truck, packId[best], Math.clamp(soc[best], 0, 1), now);
            busyUntil[best] = now.plus(config.swapDuration());
            actualKw[best] = 0;
            bays--;
        }
    }

    private void completeSwap(int i) {
        PendingSwap p = pending[i];
        String returned = packOfTruck.getOrDefault(p.truck().truckId(), "P-" + p.truck().truckId());
        if (inStation(returned)) {
            returned = String.format("P-X%04d", nextSparePack++);
        }
        packOfTruck.put(p.truck().truckId(), p.packOut());
        packId[i] = returned;
        soc[i] = p.truck().returnSoc();
        temperature[i] = ambient(now) + 4.0;
        pending[i] = null;
        busyUntil[i] = null;
        completed.add(new SwapObservation(p.truck().truckId(), i, p.packOut(), returned, p.socOut(),
                p.truck().returnSoc(), p.truck().at(), p.startedAt(), now));
        served.add(new ServedSwap(p.truck().truckId(), i, p.truck().at(), p.startedAt(), now, p.socOut(),
                p.truck().returnSoc()));
    }

    private boolean inStation(String id) {
        for (int i = 0; i < config.slots(); i++) {
            if (id.equals(packId[i]) && pending[i] == null) {
                return true;
            }
        }
        return false;
    }

    private void charge(Duration dt) {
        double hours = dt.toMillis() / 3_600_000.0;
        if (hours <= 0) {
            return;
        }
        double total = 0;
        for (int i = 0; i < config.slots(); i++) {
            double acKw = 0;
            if (pending[i] == null && !chargerFault[i]) {
                acKw = Math.min(setpointKw[i], config.chargerMaxKw());
                double dcKw = Math.min(acKw * config.chargerEfficiency(), bmsAcceptanceDcKw(i));
                // never overfill within the step
                double roomKwh = Math.max(0, config.chargeStopSoc() - soc[i]) * config.packCapacityKwh()
                        / config.batteryEfficiency();
                dcKw = Math.min(dcKw, roomKwh / hours);
                acKw = dcKw / config.chargerEfficiency();
                soc[i] += dcKw * hours * config.batteryEfficiency() / config.packCapacityKwh();
                dcMeterKwh[i] += dcKw * hours;
                double cRate = dcKw / config.packCapacityKwh();
                temperature[i] += config.heatingCelsiusPerHourAt1C() * cRate * cRate * hours;
            }
            double tau = config.coolingTimeConstant().toMillis() / 3_600_000.0;
            temperature[i] += (ambient(now) - temperature[i]) * (1 - Math.exp(-hours / tau));
            actualKw[i] = acKw;
            total += acKw;
        }
        gridImportKwh += total * hours;
        double cap = externalCapKw.isPresent() ? Math.min(config.stationCapKw(), externalCapKw.getAsDouble())
                : config.stationCapKw();
        if (total > cap + 1e-6) {
            capViolationSubsteps++;
            worstExcessKw = Math.max(worstExcessKw, total - cap);
        }
    }

    private double bmsAcceptanceDcKw(int i) {
        if (temperature[i] >= config.bmsCutoffCelsius() || soc[i] >= config.chargeStopSoc()) {
            return 0;
        }
        double kw = config.maxCRate() * config.packCapacityKwh();
        if (soc[i] > config.taperStartSoc()) {
            kw *= (1 - soc[i]) / (1 - config.taperStartSoc());
        }
        return kw;
    }

    private double ambient(Instant at) {
        double hour = at.atZone(zone).toLocalTime().toSecondOfDay() / 3600.0;
        return config.ambientMeanCelsius() + config.ambientSwingCelsius() * Math.cos(2 * Math.PI * (hour - 15) / 24);
    }

    // ---- meters, as the lead serves them over Modbus ----

    /** The revenue meter: cumulative grid import, kWh. */
    public double gridImportKwh() {
        return gridImportKwh;
    }

    /** Charger {@code slot}'s DC meter: cumulative DC output, kWh. */
    public double chargerDcKwh(int slot) {
        return dcMeterKwh[slot];
    }

    /** Grid power drawn in the last substep, kW. */
    public double gridKw() {
        double total = 0;
        for (double kw : actualKw) {
            total += kw;
        }
        return total;
    }

    // ---- fault injection and outside limits ----

    public void setChargerFault(int slot, boolean faulted) {
        chargerFault[slot] = faulted;
    }

    public void setPackTemperature(int slot, double celsius) {
        temperature[slot] = celsius;
    }

    public void setPackSoc(int slot, double value) {
        soc[slot] = value;
    }

    public void setExternalCapKw(OptionalDouble capKw) {
        externalCapKw = capKw;
    }

    // ---- observations for benchmarks and tests ----

    public List<ServedSwap> served() {
        return List.copyOf(served);
    }

    public int trucksWaiting() {
        return queue.size();
    }

    public List<TruckArrival> waitingTrucks() {
        return List.copyOf(queue);
    }

    public double soc(int slot) {
        return soc[slot];
    }

    public double packTemperatureCelsius(int slot) {
        return temperature[slot];
    }

    public boolean swapInProgress(int slot) {
        return pending[slot] != null;
    }

    /** Substeps in which grid power exceeded min(station cap, external cap). */
    public long capViolations() {
        return capViolationSubsteps;
    }

    public double worstCapExcessKw() {
        return worstExcessKw;
    }

    public StationModelConfig config() {
        return config;
    }

    /** Pack ids currently in slots (for checks that no pack is in two places). */
    public Set<String> packsInStation() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < config.slots(); i++) {
            if (pending[i] == null) {
                ids.add(packId[i]);
            }
        }
        return ids;
    }
}
