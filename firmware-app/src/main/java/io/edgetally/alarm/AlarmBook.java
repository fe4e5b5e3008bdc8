package io.edgetally.alarm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A site's active alarms, one per code, in the order they were raised, and every change since the site last took
 * them ({@link #drainChanges}). One book per site: the controller, the site's own checks (meter silent, controller
 * failed) and the field links (the station PLC) all raise and clear here, and the site hands the changes to its
 * {@link AlarmSink} once per cycle, the one way an alarm reaches the registry. Thread-safe; the control cycle is
 * its only writer, and readers on other threads see the cycle's published copy instead.
 */
public final class AlarmBook {

    private final Map<String, Alarm> active = new LinkedHashMap<>();
    private final List<AlarmEvent> changes = new ArrayList<>();

    /** Raises {@code code} unless it is active already; returns the alarm when it is new. */
    public synchronized Optional<Alarm> raise(String code, Alarm.Severity severity, String message, Instant at) {
        if (active.containsKey(code)) {
            return Optional.empty();
        }
        return Optional.of(put(new Alarm(code, severity, message, at)));
    }

    /**
     * Raises {@code code}, or gives an active one the new message (a count that grew) and keeps when it was raised.
     * Returns the alarm when it is new or its message changed; only a new one is a change for the registry.
     */
    public synchronized Optional<Alarm> raiseOrRestate(String code, Alarm.Severity severity, String message,
                                                       Instant at) {
        Alarm before = active.get(code);
        if (before == null) {
            return Optional.of(put(new Alarm(code, severity, message, at)));
        }
        if (before.message().equals(message)) {
            return Optional.empty();
        }
        Alarm restated = new Alarm(code, severity, message, before.raisedAt());
        active.put(code, restated);
        return Optional.of(restated);
    }

    private Alarm put(Alarm alarm) {
        active.put(alarm.code(), alarm);
        changes.add(new AlarmEvent.Raised(alarm, alarm.raisedAt()));
        return alarm;
    }

    /**
     * Takes up an alarm that was active and reported before a restart, as it was (when it was raised, its message),
     * without a change for the registry: it was raised once. Nothing happens if {@code code} is active already.
     */
    public synchronized void restore(Alarm alarm) {
        active.putIfAbsent(alarm.code(), alarm);
    }

    /** Clears {@code code}; returns whether it was active. */
    public synchronized boolean clear(String code, Instant at) {
        if (active.remove(code) == null) {
            return false;
        }
        changes.add(new AlarmEvent.Cleared(code, at));
        return true;
    }

    public synchronized boolean isActive(String code) {
        return active.containsKey(code);
    }

    public synchronized Optional<Alarm> get(String code) {
        return Optional.ofNullable(active.get(code));
    }

    public synchronized List<Alarm> active() {
        return List.copyOf(active.values());
    }

    /** Every raise and clear since the last call, in order, once each. */
    public synchronized List<AlarmEvent> drainChanges() {
        List<AlarmEvent> out = List.copyOf(changes);
        changes.clear();
        return out;
    }
}
