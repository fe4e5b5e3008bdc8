package io.edgetally.station;

import io.edgetally.alarm.Alarm;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationSnapshot;
import io.edgetally.status.DeviceStatus;
import io.edgetally.status.SiteImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one station cycle published, once, at its end: all that the CoAP view shows and an operator's request is
 * checked against. Immutable; read from any thread.
 *
 * @param at             when the cycle ran (or the site started, before the first)
 * @param snapshot       the cycle's process image; empty before the first cycle
 * @param command        what the controller decided
 * @param externalCapKw  the external cap the cycle obeyed
 * @param alarms         every active alarm of the site: the controller's and the PLC link's
 * @param acknowledgedBy alarm code to the operator who acknowledged it
 */
public record StationImage(Instant at, Optional<StationSnapshot> snapshot, Optional<StationCommand> command,
                           OptionalDouble externalCapKw, List<Alarm> alarms, Map<String, String> acknowledgedBy,
                           DeviceStatus device) implements SiteImage {

    public StationImage {
        alarms = List.copyOf(alarms);
        acknowledgedBy = Map.copyOf(acknowledgedBy);
    }

    static StationImage beforeFirstCycle(Instant at) {
        return new StationImage(at, Optional.empty(), Optional.empty(), OptionalDouble.empty(), List.of(), Map.of(),
                DeviceStatus.none());
    }

    /** The revenue meter's last reading (what the ledger books). */
    public Optional<MeterReading> gridMeter() {
        return snapshot.map(StationSnapshot::gridMeter);
    }

    @Override
    public Optional<MeterReading> tallyMeter() {
        return gridMeter();
    }
}
