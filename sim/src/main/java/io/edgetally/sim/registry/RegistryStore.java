package io.edgetally.sim.registry;

import io.edgetally.protocol.mqtt.DeviceState;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.nio.file.Path;

/**
 * The registry's SQLite file: reports keyed by (device, seq), so a replayed report can never be stored twice, and
 * per-device counters. One connection; every method is synchronised (the writer thread stores, tests and the demo
 * read). Durable before acked: a batch is committed (synchronous=FULL) before any ack covering it is sent.
 */
final class RegistryStore implements AutoCloseable {

    /** One report to file: who sent it (from the topic) and what the acceptor found in it. */
    record Incoming(String site, String topicDevice, ReportAcceptor.Verdict verdict, String payload) {}

    private final Path file;
    private final Connection c;
    private final Map<String, Long> contiguous = new HashMap<>();

    RegistryStore(Path file) {
        this.file = file;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS reports (
                          device TEXT NOT NULL, seq INTEGER NOT NULL, site TEXT NOT NULL,
                          hash TEXT NOT NULL, prev_hash TEXT NOT NULL, payload TEXT NOT NULL, received_at TEXT NOT NULL,
                          PRIMARY KEY (device, seq)) WITHOUT ROWID""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS devices (
                          device TEXT PRIMARY KEY, site TEXT NOT NULL,
                          duplicates INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,
                          last_rejection TEXT, state TEXT, state_at TEXT)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS alarms (
                          device TEXT NOT NULL, code TEXT NOT NULL, event TEXT NOT NULL, at TEXT NOT NULL,
                          payload TEXT NOT NULL, received_at TEXT NOT NULL,
                          PRIMARY KEY (device, code, event, at)) WITHOUT ROWID""");
            }
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("registry database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Files a batch in one transaction; returns the devices whose ack should be (re)sent. */
    synchronized Set<String> store(List<Incoming> batch, Instant now) {
        Set<String> touched = new LinkedHashSet<>();
        try {
            for (Incoming in : batch) {
                ensureDevice(in.topicDevice(), in.site());
                switch (in.verdict()) {
                    case ReportAcceptor.Verdict.Rejected r -> reject(in.topicDevice(), r.reason());
                    case ReportAcceptor.Verdict.Accepted a when !a.device().equals(in.topicDevice()) ->
                            reject(in.topicDevice(), "report names device '" + a.device() + "' but came on the topic of '"
                                    + in.topicDevice() + "'");
                    case ReportAcceptor.Verdict.Accepted a -> {
                        storeOne(in.site(), a, in.payload(), now);
                        touched.add(a.device());
                    }
                }
            }
            for (String device : touched) {
                advanceContiguous(device);
            }
            c.commit();
            return touched;
        } catch (SQLException e) {
            rollback();
            contiguous.clear(); // re-read from the file: the rolled-back batch may have moved it
            throw new IllegalStateException("registry database " + file + ": " + e.getMessage(), e);
        }
    }

    private void storeOne(String site, ReportAcceptor.Verdict.Accepted a, String payload, Instant now)
            throws SQLException {
        Optional<String[]> existing = hashes(a.device(), a.seq());
        if (existing.isPresent()) {
            if (existing.get()[0].equals(a.hash())) {
                count(a.device(), "duplicates");
            } else {
                reject(a.device(), "seq " + a.seq() + " is already stored with another hash (a reused seq)");
            }
            return;
        }
        Optional<String[]> previous = hashes(a.device(), a.seq() - 1);
        if (previous.isPresent() && !previous.get()[0].equals(a.prevHash())) {
            reject(a.device(), "seq " + a.seq() + ": prevHash does not match the hash of seq " + (a.seq() - 1));
            return;
        }
        Optional<String[]> next = hashes(a.device(), a.seq() + 1);
        if (next.isPresent() && !next.get()[1].equals(a.hash())) {
            reject(a.device(), "seq " + a.seq() + ": its hash is not the prevHash of the stored seq " + (a.seq() + 1));
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO reports(device, seq, site, hash, prev_hash,"
                + " payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, a.device());
            p.setLong(2, a.seq());
            p.setString(3, site);
            p.setString(4, a.hash());
            p.setString(5, a.prevHash());
            p.setString(6, payload);
            p.setString(7, now.toString());
            p.executeUpdate();
        }
    }

    private Optional<String[]> hashes(String device, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT hash, prev_hash FROM reports WHERE device = ? AND seq = ?")) {
            p.setString(1, device);
            p.setLong(2, seq);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new String[] {r.getString(1), r.getString(2)}) : Optional.empty();
            }
        }
    }

    private void advanceContiguous(String device) throws SQLException {
        long hc = highestContiguousUnlocked(device);
        while (hashes(device, hc + 1).isPresent()) {
            hc++;
        }
        contiguous.put(device, hc);
    }

    synchronized long highestContiguous(String device) {
        try {
            return highestContiguousUnlocked(device);
        } catch (SQLException e) {
            throw new IllegalStateException("registry database " + file + ": " + e.getMessage(), e);
        }
    }

    private long highestContiguousUnlocked(String device) throws SQLException {
        Long known = contiguous.get(device);
        if (known != null) {
            return known;
        }
        long hc = 0;
        while (hashes(device, hc + 1).isPresent()) {
            hc++;
        }
        contiguous.put(device, hc);
        return hc;
    }

    private void ensureDevice(String device, String site) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO devices(device, site) VALUES (?, ?)")) {
            p.setString(1, device);
            p.setString(2, site);
            p.executeUpdate();
        }
    }

    private void count(String device, String column) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE devices SET " + column + " = " + column + " + 1 WHERE device = ?")) {
            p.setString(1, device);
            p.executeUpdate();
        }
    }

    private void reject(String device, String reason) throws SQLException {
        ensureDevice(device, "?");
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE devices SET rejected = rejected + 1, last_rejection = ? WHERE device = ?")) {
            p.setString(1, reason);
            p.setString(2, device);
            p.executeUpdate();
        }
    }

    synchronized void putState(String site, String device, DeviceState state, Instant at) {
        try {
            ensureDevice(device, site);
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET state = ?, state_at = ? WHERE device = ?")) {
                p.setString(1, state.word());
                p.setString(2, at.toString());
                p.setString(3, device);
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("registry database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Files an alarm message once: a copy re-sent after a reconnect has the same (device, code, event, at). */
    synchronized void putAlarm(String device, String code, String event, String at, String payload, Instant now) {
        try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO alarms(device, code, event, at, payload,"
                + " received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, device);
            p.setString(2, code);
            p.setString(3, event);
            p.setString(4, at);
            p.setString(5, payload);
            p.setString(6, now.toString());
            p.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("registry database " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized List<String> alarms(String device) {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT payload FROM alarms WHERE device = ? ORDER BY at, received_at")) {
            p.setString(1, device);
            List<String> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("registry database " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized List<StoredReport> reports(String device) {
        try (PreparedStatement p = c.prepareStatement("SELECT site, device, seq, hash, prev_hash, payload, received_at"
                + " FROM reports WHERE device = ? ORDER BY seq")) {
            p.setString(1, device);
            List<StoredReport> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new StoredReport(r.getString(1), r.getString(2), r.getLong(3), r.getString(4),
                            r.getString(5), r.getString(6), Instant.parse(r.getString(7))));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("registry database " + file + ": " + e.getMessage(), e);
        }
    }

    /** A devices column for {@code device}; empty when the registry never heard of it. */
    synchronized Optional<String> deviceColumn(String device, String column) {
        try (PreparedStatement p = c.prepareStatement("SELECT " + column + " FROM devices WHERE device = ?")) {
            p.setString(1, device);
            try (ResultSet r = p.executeQuery()) {
                Optional<String> v = r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
                c.commit();
                return v;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry database " + file + ": " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is going anyway; the original error is what the caller needs
        }
    }

    @Override
    public synchronized void close() {
        try {
            c.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing registry database " + file + ": " + e.getMessage(), e);
        }
    }
}
