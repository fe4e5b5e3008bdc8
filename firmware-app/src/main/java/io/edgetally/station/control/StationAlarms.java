package io.edgetally.station.control;

import io.edgetally.alarm.ActiveAlarms;
import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmEvent;
import java.time.Instant;
import java.util.List;

/** The station controller's active alarms; turns "this condition holds now" into raise and clear events, once each. */
final class StationAlarms {

    private final ActiveAlarms active = new ActiveAlarms();

    void raise(String code, Alarm.Severity severity, String message, Instant now, List<StationEvent> out) {
        active.raise(code, severity, message, now)
                .ifPresent(a -> out.add(new StationEvent.AlarmChanged(new AlarmEvent.Raised(a, now))));
    }

    void clear(String code, Instant now, List<StationEvent> out) {
        if (active.clear(code)) {
            out.add(new StationEvent.AlarmChanged(new AlarmEvent.Cleared(code, now)));
        }
    }

    boolean isActive(String code) {
        return active.isActive(code);
    }

    List<Alarm> active() {
        return active.active();
    }
}
