package io.edgetally.uplink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What to do when the device's storage fills, as an explicit policy:
 * <ul>
 *   <li>{@link Level#OK}: below {@code thinAtFraction} of the quota, keep everything;</li>
 *   <li>{@link Level#THIN}: above it, thin what can be thinned (queued telemetry, then curve samples through
 *       {@link SpaceReclaimer}s) and keep accepting telemetry at reduced density;</li>
 *   <li>{@link Level#FULL}: at the quota, or with less than {@code minFreeDiskBytes} left on the file system, drop
 *       queued telemetry, refuse new telemetry and raise an alarm.</li>
 * </ul>
 * Tally records are never dropped at any level: the ledger is the one thing the device exists to keep.
 *
 * @param quotaBytes       the most the database (with its WAL) may occupy
 * @param thinAtFraction   share of the quota (0..1) from which thinning starts
 * @param minFreeDiskBytes free space on the file system below which the disk counts as full, whatever the quota
 */
public record DiskQuota(long quotaBytes, double thinAtFraction, long minFreeDiskBytes) {

    public enum Level { OK, THIN, FULL }

    /** What the device currently occupies and has left. */
    public record DiskUsage(long databaseBytes, long usableDiskBytes) {}

    /** Measures the disk; injected so tests can play a filling disk without filling one. */
    @FunctionalInterface
    public interface DiskProbe {
        DiskUsage measure();
    }

    /** Frees space held by another feature (e.g. every second curve sample of old batches); returns bytes or rows freed. */
    @FunctionalInterface
    public interface SpaceReclaimer {
        long reclaim();
    }

    public DiskQuota {
        if (quotaBytes <= 0) {
            throw new UplinkConfigException("uplink.diskQuotaBytes: expected a positive size, was " + quotaBytes);
        }
        if (!(thinAtFraction > 0 && thinAtFraction < 1)) {
            throw new UplinkConfigException("uplink.thinAtFraction: expected a fraction between 0 and 1, was "
                    + thinAtFraction);
        }
        if (minFreeDiskBytes < 0) {
            throw new UplinkConfigException("uplink.minFreeDiskBytes: expected 0 or more, was " + minFreeDiskBytes);
        }
    }

    /** 512 MiB, thinning from 80 %, full below 64 MiB free: a Pi's SD card with room for years of tallies. */
    public static DiskQuota defaults() {
        return new DiskQuota(512L << 20, 0.8, 64L << 20);
    }

    public Level assess(DiskUsage usage) {
        if (usage.databaseBytes() >= quotaBytes || usage.usableDiskBytes() < minFreeDiskBytes) {
            return Level.FULL;
        }
        if (usage.databaseBytes() >= (long) (quotaBytes * thinAtFraction)) {
            return Level.THIN;
        }
        return Level.OK;
    }

    /** The real probe: the SQLite file with its -wal and -shm, and the usable space of its file system. */
    public static DiskProbe probeOf(Path databaseFile) {
        return () -> {
            long bytes = 0;
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path p = databaseFile.resolveSibling(databaseFile.getFileName() + suffix);
                try {
                    bytes += Files.exists(p) ? Files.size(p) : 0;
                } catch (IOException e) {
                    throw new IllegalStateException("cannot measure " + p.toAbsolutePath() + ": " + e.getMessage(), e);
                }
            }
            try {
                return new DiskUsage(bytes, Files.getFileStore(databaseFile.toAbsolutePath()).getUsableSpace());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read free space for " + databaseFile.toAbsolutePath()
                        + ": " + e.getMessage(), e);
            }
        };
    }
}
