package io.edgetally.alarm;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One part's view of its site's {@link AlarmBook}: a controller turns "this condition holds now" into a raise or a
 * clear there, once each, and into its own event of type {@code E} for its event list; it knows which of the book's
 * active alarms are its own (the book holds the site's and the field links' too).
 */
public final class OwnAlarms<E> {

    private final AlarmBook book;
    private final Function<Alarm, E> raised;
    private final BiFunction<String, Instant, E> cleared;
    private final Set<String> mine = ConcurrentHashMap.newKeySet();

    /**
     * @param raised  the part's event for an alarm it raised
     * @param cleared the part's event for a code it cleared, and when
     */
    public OwnAlarms(AlarmBook book, Function<Alarm, E> raised, BiFunction<String, Instant, E> cleared) {
        this.book = book;
        this.raised = raised;
        this.cleared = cleared;
    }

    public void raise(String code, Alarm.Severity severity, String message, Instant at, List<E> events) {
        book.raise(code, severity, message, at).ifPresent(a -> {
            mine.add(code);
            events.add(raised.apply(a));
        });
    }

    public void clear(String code, Instant at, List<E> events) {
        if (book.clear(code, at)) {
            events.add(cleared.apply(code, at));
        }
    }

    /**
     * Puts back an alarm this part had raised before a restart, as it was and without a change for the registry
     * (see {@link AlarmBook#restore}); it is this part's own again, to clear when its cause goes.
     */
    public void restore(Alarm alarm) {
        book.restore(alarm);
        mine.add(alarm.code());
    }

    public boolean isActive(String code) {
        return book.isActive(code);
    }

    /** The part's own active alarms. */
    public List<Alarm> active() {
        return book.active().stream().filter(a -> mine.contains(a.code())).toList();
    }
}
