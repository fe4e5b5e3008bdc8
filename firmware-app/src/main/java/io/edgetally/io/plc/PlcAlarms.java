package io.edgetally.io.plc;

import io.edgetally.alarm.ActiveAlarms;
import io.edgetally.alarm.Alarm;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PLC link's active alarms, one per code. A raised alarm keeps its first message and time while the condition
 * holds, unless a new message replaces it (a count that grew). Every change is logged. Thread-safe.
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

    private final ActiveAlarms active = new ActiveAlarms();

    void raise(String code, Alarm.Severity severity, String message, Instant now) {
        active.raiseOrRestate(code, severity, message, now).ifPresent(a -> LOG.warn("alarm {}: {}", code, message));
    }

    void clear(String code) {
        if (active.clear(code)) {
            LOG.info("alarm {} cleared", code);
        }
    }

    boolean isActive(String code) {
        return active.isActive(code);
    }

    List<Alarm> active() {
        return active.active();
    }
}
