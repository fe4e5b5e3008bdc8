package io.edgetally.barn;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.CurePhase;
import io.edgetally.barn.curing.CureState;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.status.DeviceStatus;
import io.edgetally.status.SiteImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one barn cycle published, once, at its end: all that the CoAP view shows and an operator's request is checked
 * against. Immutable; read from any thread.
 *
 * @param state           the cure after the cycle; empty before the first
 * @param meter           the meter's reading of the cycle
 * @param alarms          every active alarm of the site: the controller's and the site's own
 * @param acknowledgedBy  alarm code to the operator who acknowledged it
 * @param safeState       a controller failure holds the barn in its safe state
 * @param damperPosition  the damper's estimated opening after the cycle's move, 0 closed to 1 open
 */
public record BarnImage(long batchId, CuringSchedule schedule, int heaterStages, Optional<CureState> state,
                        Optional<MeterReading> meter, List<Alarm> alarms, Map<String, String> acknowledgedBy,
                        boolean safeState, double damperPosition, DeviceStatus device) implements SiteImage {

    public BarnImage {
        alarms = List.copyOf(alarms);
        acknowledgedBy = Map.copyOf(acknowledgedBy);
    }

    @Override
    public Optional<MeterReading> tallyMeter() {
        return meter;
    }

    /** The cure has run its last step. */
    public boolean complete() {
        return state.filter(s -> s.phase() == CurePhase.COMPLETE).isPresent();
    }

    /** The cure's state while one runs (not before the first cycle, not once complete). */
    public Optional<CureState> running() {
        return state.filter(s -> s.phase() != CurePhase.COMPLETE);
    }
}
