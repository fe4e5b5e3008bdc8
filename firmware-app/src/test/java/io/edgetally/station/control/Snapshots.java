package io.edgetally.station.control;

import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import io.edgetally.io.plc.SwapObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds station snapshots for controller tests. */
final class Snapshots {

    private final List<SlotState> slots = new ArrayList<>();
    private double importKwh;
    private OptionalDouble externalCapKw = OptionalDouble.empty();
    private int waiting;
    private final List<SwapObservation> swaps = new ArrayList<>();

    static Snapshots station() {
        return new Snapshots();
    }

    /** Adds a slot holding pack {@code S<n>} at {@code soc} and {@code celsius}, charger OK, DC meter {@code dcKwh}. */
    Snapshots pack(double soc, double celsius, double dcKwh) {
        return slot(ChargerStatus.OK, Optional.of(new PackState(String.format("S%02d", slots.size()), soc,
                new TemperatureReading.Valid(celsius))), dcKwh);
    }

    Snapshots pack(double soc) {
        return pack(soc, 30.0, 0.0);
    }

    Snapshots slot(ChargerStatus status, Optional<PackState> pack, double dcKwh) {
        slots.add(new SlotState(slots.size(), status, pack, dcKwh));
        return this;
    }

    Snapshots importKwh(double kwh) {
        this.importKwh = kwh;
        return this;
    }

    Snapshots externalCap(double kw) {
        this.externalCapKw = OptionalDouble.of(kw);
        return this;
    }

    Snapshots waiting(int trucks) {
        this.waiting = trucks;
        return this;
    }

    Snapshots swap(SwapObservation s) {
        swaps.add(s);
        return this;
    }

    StationSnapshot at(Instant now) {
        return new StationSnapshot(slots, new MeterReading.Ok("revenue-1", importKwh, 0, now), externalCapKw, waiting,
                swaps);
    }
}
