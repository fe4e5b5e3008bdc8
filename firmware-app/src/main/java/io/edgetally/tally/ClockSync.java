package io.edgetally.tally;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the device clock is synchronised (NTP) now. A Pi has no real-time clock: until the network time
 * arrives its clock is a guess, and every tally record says so.
 */
@FunctionalInterface
public interface ClockSync {

    /** Where systemd-timesyncd says the clock is synchronised (chrony can be told to touch it too). */
    Path TIMESYNCD_FLAG = Path.of("/run/systemd/timesync/synchronized");

    boolean synced();

    /** Synchronised while {@code flag} exists (default {@link #TIMESYNCD_FLAG}, the config's clock-sync-file). */
    static ClockSync fromFlag(Optional<Path> flag) {
        Path file = flag.orElse(TIMESYNCD_FLAG);
        return () -> Files.exists(file);
    }
}
