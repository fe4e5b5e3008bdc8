package io.edgetally.alarm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who acknowledged which active alarm, kept by a site's control cycle: an operator's acknowledgement is checked
 * against the last published alarms on the CoAP thread, queued, and recorded here by the next cycle; an alarm that
 * clears takes its acknowledgement with it. Not thread-safe: the cycle publishes {@link #snapshot()}.
 */
public final class Acknowledgements {

    private final Map<String, String> by = new LinkedHashMap<>();

    /** Why {@code code} cannot be acknowledged now, if it cannot: it is not among the {@code active} alarms. */
    public static Optional<String> refusal(String code, List<Alarm> active) {
        return active.stream().anyMatch(a -> a.code().equals(code)) ? Optional.empty()
                : Optional.of("no active alarm '" + code + "'");
    }

    public void record(String code, String who) {
        by.put(code, who);
    }

    /** Forgets the acknowledgements of alarms no longer active. */
    public void retainActive(List<Alarm> active) {
        by.keySet().retainAll(active.stream().map(Alarm::code).toList());
    }

    /** Code to the operator who acknowledged it, as of now. */
    public Map<String, String> snapshot() {
        return Map.copyOf(by);
    }
}
