package io.edgetally.ledger;

/**
 * Whether the device clock is synchronised (NTP) now. A Pi has no real-time clock: until the network time
 * arrives its clock is a guess, and every tally record says so.
 */
@FunctionalInterface
public interface ClockSync {
    boolean synced();
}
