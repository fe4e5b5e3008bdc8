package io.edgetally.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The device's SQLite file: WAL journal, synchronous=FULL (a committed tally survives a power cut), busy timeout,
 * foreign keys on, migrated to the newest schema on open.
 *
 * <p>One connection, used by one thread at a time (callers synchronise on {@link #connection()} or own it).
 * SQLite serialises writers anyway; one connection keeps the Pi's memory small.
 */
public final class Database implements AutoCloseable {

    private final Path file;
    private final Connection connection;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** How hard a commit insists on reaching the disk. */
    public enum Durability {
        /** every commit is fsynced: a committed tally survives a power cut (the device) */
        FULL,
        /** WAL without fsync per commit: consistent after a crash, may lose the last commits (the simulator) */
        NORMAL
    }

    /** Opens (creating if absent) and migrates the database at {@code file}, every commit durable. */
    public static Database open(Path file) {
        return open(file, Durability.FULL);
    }

    /** Opens (creating if absent) and migrates the database at {@code file}. */
    public static Database open(Path file, Durability durability) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + durability.name());
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            new Migrator(c).migrate();
            return new Database(file, c);
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs {@code work} in one transaction; rolls back and rethrows on any failure. */
    public synchronized <T> T inTransaction(SqlWork<T> work) {
        try {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("database " + file + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing database " + file + ": " + e.getMessage(), e);
        }
    }
}
