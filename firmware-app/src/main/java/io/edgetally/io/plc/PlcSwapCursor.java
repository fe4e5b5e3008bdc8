package io.edgetally.io.plc;

import io.edgetally.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.OptionalLong;

/** The last swap sequence taken from the PLC's ring and stored (table of {@code V6__station_plc.sql}). */
public final class PlcSwapCursor {

    private static final String NAME = "plc";

    private final Database db;

    public PlcSwapCursor(Database db) {
        this.db = db;
    }

    /** Empty before the first swap sequence was ever stored on this device. */
    public OptionalLong load() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM station_plc_cursor WHERE name = ?")) {
                ps.setString(1, NAME);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    public void save(long lastSeq, Instant at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO station_plc_cursor (name, last_seq, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET last_seq = excluded.last_seq, updated_at = excluded.updated_at""")) {
                ps.setString(1, NAME);
                ps.setLong(2, lastSeq);
                ps.setString(3, at.toString());
                return ps.executeUpdate();
            }
        });
    }
}
