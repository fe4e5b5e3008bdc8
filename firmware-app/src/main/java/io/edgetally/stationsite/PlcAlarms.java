package io.edgetally.stationsite;

import io.edgetally.alarm.Alarm;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PLC link's active alarms, one per code. A raised alarm keeps its first message and time while the condition
 * holds, unless {@link #update} replaces the message (a count that grew). Every change is logged. Thread-safe.
 */
final class PlcAlarms {

    static final String OFFLINE = "station.plc.offline";
    static final String HEARTBEAT = "station.plc.heartbeat";
    static final String MAP = "station.plc.map";
    static final String SETPOINTS = "station.plc.setpoints";
    static final String BAD_VALUE = "station.plc.bad-value";
    static final String BMS_FAULT = "station.plc.bms-fault";
    static final String SWAPS_LOST = "station.plc.swaps-lost";
    static final String SEQUENCE = "station.plc.sequence";

    private static final Logger LOG = LoggerFactory.getLogger(PlcAlarms.class);

    private final Map<String, Alarm> active = new LinkedHashMap<>();

    synchronized void raise(String code, Alarm.Severity severity, String message, Instant now) {
        Alarm before = active.get(code);
        if (before == null) {
            active.put(code, new Alarm(code, severity, message, now));
            LOG.warn("alarm {}: {}", code, message);
        } else if (!before.message().equals(message)) {
            active.put(code, new Alarm(code, severity, message, before.raisedAt()));
            LOG.warn("alarm {}: {}", code, message);
        }
    }

    synchronized void clear(String code) {
        if (active.remove(code) != null) {
            LOG.info("alarm {} cleared", code);
        }
    }

    synchronized boolean isActive(String code) {
        return active.containsKey(code);
    }

    synchronized List<Alarm> active() {
        return List.copyOf(active.values());
    }
}
