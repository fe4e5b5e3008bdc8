package io.edgetally.status;

import io.edgetally.alarm.Alarm;
import io.edgetally.io.meter.MeterReading;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every site's published image has for its status view: the active alarms with their acknowledgements, the
 * device's status, the tallied meter's last reading. Immutable; one per control cycle.
 */
public interface SiteImage {

    List<Alarm> alarms();

    /** Alarm code to the operator who acknowledged it. */
    Map<String, String> acknowledgedBy();

    DeviceStatus device();

    /** The reading of the meter the tally books (a barn's meter, a station's revenue meter). */
    Optional<MeterReading> tallyMeter();
}
