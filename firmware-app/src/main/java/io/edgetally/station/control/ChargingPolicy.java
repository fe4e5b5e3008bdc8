package io.edgetally.station.control;

import java.time.Instant;

/** One control cycle: a snapshot in, setpoints and events out. No I/O, no threads, time passed in. */
public interface ChargingPolicy {

    StationCommand step(StationSnapshot snapshot, Instant now);
}
