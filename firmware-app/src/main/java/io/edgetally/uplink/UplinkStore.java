package io.edgetally.uplink;

import io.edgetally.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The uplink's SQL, all of it. Every statement runs inside {@link Database#inTransaction}, which holds the
 * Database's monitor, so the uplink worker, the controller enqueueing an alarm and the ledger appending a tally
 * never interleave on the one connection. The uplink only ever sets {@code tally_records.acked_at}; it never
 * deletes or rewrites a tally record.
 */
final class UplinkStore {

    /** One outstanding tally report, payload as stored (published byte for byte). */
    record OutboxReport(long seq, String payload) {}

    /** One queued alarm or telemetry message. */
    record OutboxMessage(long id, String payload) {}

    static final String ALARM = "alarm";
    static final String TELEMETRY = "telemetry";

    private final Database db;

    UplinkStore(Database db) {
        this.db = db;
    }

    /** Outstanding reports with seq above {@code afterSeq}, oldest first. */
    List<OutboxReport> outstandingAfter(long afterSeq, int limit) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT seq, payload FROM tally_records"
                    + " WHERE acked_at IS NULL AND seq > ? ORDER BY seq LIMIT ?")) {
                p.setLong(1, afterSeq);
                p.setInt(2, limit);
                List<OutboxReport> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new OutboxReport(r.getLong(1), r.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    /** The highest seq already acknowledged (0 when none). */
    long lastAckedSeq() {
        return db.inTransaction(c -> single(c, "SELECT COALESCE(MAX(seq), 0) FROM tally_records WHERE acked_at IS NOT NULL"));
    }

    /** The newest record of the ledger: what the signed state birth announces (seq 0 and the genesis hash: none). */
    record Head(long seq, String hash) {}

    Head head() {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM tally_records ORDER BY seq DESC LIMIT 1");
                 ResultSet r = p.executeQuery()) {
                return r.next() ? new Head(r.getLong(1), r.getString(2)) : new Head(0, "0".repeat(64));
            }
        });
    }

    /** The hash the ledger holds for {@code seq}, if it holds that record. */
    Optional<String> hashOf(long seq) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT hash FROM tally_records WHERE seq = ?")) {
                p.setLong(1, seq);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    long highestSeq() {
        return db.inTransaction(c -> single(c, "SELECT COALESCE(MAX(seq), 0) FROM tally_records"));
    }

    long backlog() {
        return db.inTransaction(c -> single(c, "SELECT COUNT(*) FROM tally_records WHERE acked_at IS NULL"));
    }

    /** Marks every outstanding report with seq up to {@code seq} acknowledged at {@code at}; returns how many. */
    int markAcked(long seq, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE tally_records SET acked_at = ? WHERE acked_at IS NULL AND seq <= ?")) {
                p.setString(1, at.toString());
                p.setLong(2, seq);
                return p.executeUpdate();
            }
        });
    }

    void enqueue(String kind, String payload, Instant at, int keepAtMost) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO uplink_outbox(kind, payload, created_at) VALUES (?, ?, ?)")) {
                p.setString(1, kind);
                p.setString(2, payload);
                p.setString(3, at.toString());
                p.executeUpdate();
            }
            if (keepAtMost >= 0) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM uplink_outbox WHERE kind = ? AND id <="
                        + " (SELECT id FROM uplink_outbox WHERE kind = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
                    p.setString(1, kind);
                    p.setString(2, kind);
                    p.setInt(3, keepAtMost);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    List<OutboxMessage> pending(String kind, int limit) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, payload FROM uplink_outbox WHERE kind = ? ORDER BY id LIMIT ?")) {
                p.setString(1, kind);
                p.setInt(2, limit);
                List<OutboxMessage> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new OutboxMessage(r.getLong(1), r.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    long count(String kind) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM uplink_outbox WHERE kind = ?")) {
                p.setString(1, kind);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    void delete(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM uplink_outbox WHERE id = ?")) {
                for (long id : ids) {
                    p.setLong(1, id);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    /** Deletes every second queued telemetry message (halving density, keeping the time span); returns how many. */
    int thinTelemetry() {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM uplink_outbox WHERE id IN (SELECT id FROM"
                    + " (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM uplink_outbox WHERE kind = 'telemetry')"
                    + " WHERE n % 2 = 0)")) {
                return p.executeUpdate();
            }
        });
    }

    int dropTelemetry() {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM uplink_outbox WHERE kind = 'telemetry'")) {
                return p.executeUpdate();
            }
        });
    }

    void putState(String key, String value, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO uplink_state(key, value, updated_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                    + " updated_at = excluded.updated_at")) {
                p.setString(1, key);
                p.setString(2, value);
                p.setString(3, at.toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    Optional<String> state(String key) {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM uplink_state WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
