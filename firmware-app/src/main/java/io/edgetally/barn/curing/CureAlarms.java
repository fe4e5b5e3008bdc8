package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cure's part of the site's {@link AlarmBook}: what the controller raises and clears there also becomes a curing
 * event (for the event log), and the controller knows which active alarms are its own.
 */
final class CureAlarms {

    private final AlarmBook book;
    private final Set<String> mine = ConcurrentHashMap.newKeySet();

    CureAlarms(AlarmBook book) {
        this.book = book;
    }

    void raise(String code, Alarm.Severity severity, String message, Instant at, List<CuringEvent> events) {
        book.raise(code, severity, message, at).ifPresent(a -> {
            mine.add(code);
            events.add(new CuringEvent.AlarmRaised(a));
        });
    }

    void clear(String code, Instant at, List<CuringEvent> events) {
        if (book.clear(code, at)) {
            events.add(new CuringEvent.AlarmCleared(code, at));
        }
    }

    boolean isActive(String code) {
        return book.isActive(code);
    }

    /** The controller's own active alarms (the site's book may hold others: a silent meter, the PLC link). */
    List<Alarm> active() {
        return book.active().stream().filter(a -> mine.contains(a.code())).toList();
    }

    /** Every active alarm of the site, the controller's and the others. */
    List<Alarm> all() {
        return book.active();
    }
}
