package io.edgetally.barn.curing.schedule;

/** The circulation fan: two relays (run, high) on a two-speed motor. */
public enum FanSpeed {
    OFF,
    LOW,
    HIGH
}
