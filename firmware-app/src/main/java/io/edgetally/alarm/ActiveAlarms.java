package io.edgetally.alarm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A part of the site's active alarms, one per code, in the order they were raised: what the cure, the station
 * controller and the PLC link each keep, and turn into their own events. Thread-safe: the control cycle raises and
 * clears, the status endpoint reads.
 */
public final class ActiveAlarms {

    private final Map<String, Alarm> active = new LinkedHashMap<>();

    /** Raises {@code code} unless it is active already; returns the alarm when it is new. */
    public synchronized Optional<Alarm> raise(String code, Alarm.Severity severity, String message, Instant at) {
        if (active.containsKey(code)) {
            return Optional.empty();
        }
        Alarm alarm = new Alarm(code, severity, message, at);
        active.put(code, alarm);
        return Optional.of(alarm);
    }

    /**
     * Raises {@code code}, or gives an active one the new message (a count that grew) and keeps when it was raised.
     * Returns the alarm when it is new or its message changed.
     */
    public synchronized Optional<Alarm> raiseOrRestate(String code, Alarm.Severity severity, String message,
                                                       Instant at) {
        Alarm before = active.get(code);
        if (before != null && before.message().equals(message)) {
            return Optional.empty();
        }
        Alarm alarm = new Alarm(code, severity, message, before == null ? at : before.raisedAt());
        active.put(code, alarm);
        return Optional.of(alarm);
    }

    /** Clears {@code code}; returns whether it was active. */
    public synchronized boolean clear(String code) {
        return active.remove(code) != null;
    }

    public synchronized boolean isActive(String code) {
        return active.containsKey(code);
    }

    public synchronized boolean anyCritical() {
        return active.values().stream().anyMatch(a -> a.severity() == Alarm.Severity.CRITICAL);
    }

    public synchronized List<Alarm> active() {
        return List.copyOf(active.values());
    }
}
