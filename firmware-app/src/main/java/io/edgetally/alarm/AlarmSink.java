package io.edgetally.alarm;

/** Where a site sends every alarm it raises or clears: the uplink's alarm topic, through the device's tally. */
@FunctionalInterface
public interface AlarmSink {

    void publish(AlarmEvent event);
}
