package io.edgetally.alarm;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells the registry (through the uplink's durable {@code alarm} queue) every alarm raised or cleared on the site,
 * whatever part of the site raised it: after each cycle it compares the site's active alarms with those of the
 * cycle before. A restart announces the alarms still active once more; the registry drops a copy it already has.
 */
public final class AlarmRelay {

    private final Supplier<List<Alarm>> active;
    private final Consumer<AlarmEvent> sink;
    private final Clock clock;
    private final Map<String, Alarm> announced = new LinkedHashMap<>();

    public AlarmRelay(Supplier<List<Alarm>> active, Consumer<AlarmEvent> sink, Clock clock) {
        this.active = active;
        this.sink = sink;
        this.clock = clock;
    }

    /** Publishes what changed since the previous call. */
    public synchronized void afterCycle() {
        Map<String, Alarm> now = new LinkedHashMap<>();
        for (Alarm a : active.get()) {
            now.putIfAbsent(a.code(), a);
        }
        for (String code : List.copyOf(announced.keySet())) {
            if (!now.containsKey(code)) {
                announced.remove(code);
                sink.accept(new AlarmEvent.Cleared(code, clock.instant()));
            }
        }
        for (Alarm a : now.values()) {
            Alarm before = announced.get(a.code());
            if (before == null || !before.raisedAt().equals(a.raisedAt())) {
                if (before != null) { // cleared and raised again between two cycles
                    sink.accept(new AlarmEvent.Cleared(a.code(), a.raisedAt()));
                }
                announced.put(a.code(), a);
                sink.accept(new AlarmEvent.Raised(a, a.raisedAt()));
            }
        }
    }
}
