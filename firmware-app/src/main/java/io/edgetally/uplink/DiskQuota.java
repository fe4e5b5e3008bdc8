package io.edgetally.uplink;

import io.edgetally.store.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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

    /**
     * The real probe: the pages the database uses (not its file size: SQLite keeps freed pages in the file and
     * reuses them, so deleting telemetry frees quota without shrinking the file), its WAL, and the usable space
     * of its file system.
     */
    public static DiskProbe probeOf(Database db) {
        Path file = db.file().toAbsolutePath();
        return () -> {
            long usedBytes = db.inTransaction(c -> pragma(c, "page_count") - pragma(c, "freelist_count"))
                    * db.inTransaction(c -> pragma(c, "page_size"));
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            try {
                long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
                return new DiskUsage(usedBytes + walBytes, Files.getFileStore(file).getUsableSpace());
            } catch (IOException e) {
                throw new IllegalStateException("cannot measure the disk of " + file + ": " + e.getMessage(), e);
            }
        };
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getLong(1);
        }
    }
}
