package io.edgetally.barn.curing;

import io.edgetally.alarm.ActiveAlarms;
import io.edgetally.alarm.Alarm;
import java.time.Instant;
import java.util.List;

/** The cure's active alarms, one per code; raising and clearing emit curing events. */
final class AlarmBook {

    private final ActiveAlarms active = new ActiveAlarms();

    void raise(String code, Alarm.Severity severity, String message, Instant at, List<CuringEvent> events) {
        active.raise(code, severity, message, at).ifPresent(a -> events.add(new CuringEvent.AlarmRaised(a)));
    }

    void clear(String code, Instant at, List<CuringEvent> events) {
        if (active.clear(code)) {
            events.add(new CuringEvent.AlarmCleared(code, at));
        }
    }

    boolean isActive(String code) {
        return active.isActive(code);
    }

    boolean anyCritical() {
        return active.anyCritical();
    }

    List<Alarm> active() {
        return active.active();
    }
}
