package io.edgetally.station.control;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmBook;
import io.edgetally.alarm.AlarmEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The station controller's part of the site's {@link AlarmBook}: turns "this condition holds now" into a raise or a
 * clear there, once each, and into a station event; it knows which active alarms are the controller's own.
 */
final class StationAlarms {

    private final AlarmBook book;
    private final Set<String> mine = ConcurrentHashMap.newKeySet();

    StationAlarms(AlarmBook book) {
        this.book = book;
    }

    void raise(String code, Alarm.Severity severity, String message, Instant now, List<StationEvent> out) {
        book.raise(code, severity, message, now).ifPresent(a -> {
            mine.add(code);
            out.add(new StationEvent.AlarmChanged(new AlarmEvent.Raised(a, now)));
        });
    }

    void clear(String code, Instant now, List<StationEvent> out) {
        if (book.clear(code, now)) {
            out.add(new StationEvent.AlarmChanged(new AlarmEvent.Cleared(code, now)));
        }
    }

    boolean isActive(String code) {
        return book.isActive(code);
    }

    List<Alarm> active() {
        return book.active().stream().filter(a -> mine.contains(a.code())).toList();
    }
}
