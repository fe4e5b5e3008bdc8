package io.edgetally.station;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The station's active alarms; turns "this condition holds now" into raise and clear events, once each. */
final class StationAlarms {

    private final Map<String, Alarm> active = new LinkedHashMap<>();

    void raise(String code, Alarm.Severity severity, String message, Instant now, List<StationEvent> out) {
        if (!active.containsKey(code)) {
            Alarm alarm = new Alarm(code, severity, message, now);
            active.put(code, alarm);
            out.add(new StationEvent.AlarmChanged(new AlarmEvent.Raised(alarm, now)));
        }
    }

    void clear(String code, Instant now, List<StationEvent> out) {
        if (active.remove(code) != null) {
            out.add(new StationEvent.AlarmChanged(new AlarmEvent.Cleared(code, now)));
        }
    }

    boolean isActive(String code) {
        return active.containsKey(code);
    }

    List<Alarm> active() {
        return List.copyOf(active.values());
    }
}
