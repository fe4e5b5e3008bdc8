package io.edgetally.curing;

import io.edgetally.alarm.Alarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cure's active alarms, one per code; raising and clearing emit events. */
final class AlarmBook {

    private final Map<String, Alarm> active = new LinkedHashMap<>();

    void raise(String code, Alarm.Severity severity, String message, Instant at, List<CuringEvent> events) {
        if (!active.containsKey(code)) {
            Alarm alarm = new Alarm(code, severity, message, at);
            active.put(code, alarm);
            events.add(new CuringEvent.AlarmRaised(alarm));
        }
    }

    void clear(String code, Instant at, List<CuringEvent> events) {
        if (active.remove(code) != null) {
            events.add(new CuringEvent.AlarmCleared(code, at));
        }
    }

    boolean isActive(String code) {
        return active.containsKey(code);
    }

    boolean anyCritical() {
        return active.values().stream().anyMatch(a -> a.severity() == Alarm.Severity.CRITICAL);
    }

    List<Alarm> active() {
        return new ArrayList<>(active.values());
    }
}
