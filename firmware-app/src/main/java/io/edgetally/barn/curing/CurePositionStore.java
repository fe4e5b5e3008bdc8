package io.edgetally.barn.curing;

import io.edgetally.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Saves and loads a batch's {@link CurePosition} in the {@code cure_position} table (one row per batch).
 *
 * <p>The barn saves its position after every control cycle, together with that cycle's events in one transaction:
 * one commit per cycle. On the device's database (WAL, {@code synchronous=FULL}) that is one WAL frame (a 4 KiB page
 * and its 24-byte header: the row is rewritten in place) and one fsync per cycle; the checkpoint copies the few
 * pages rewritten to the main file once every 1,000 frames. Why this costs an SD card little, and why not less
 * often: docs/curing.md, "Power cuts and crashes".
 */
public final class CurePositionStore {

    private final Database db;

    public CurePositionStore(Database db) {
        this.db = db;
    }

    /** Writes (replaces) the batch's position; committed when this returns. */
    public void save(long batchId, CurePosition p) {
        save(batchId, p, List.of());
    }

    /**
     * Appends a cycle's events to the log (as {@link CureStore#appendEvents}) and writes the batch's position, in one
     * transaction: committed, both or neither, when this returns.
     */
    public void save(long batchId, CurePosition p, List<CuringEvent> events) {
        db.inTransaction(c -> {
            CureStore.appendEvents(c, events);
            upsert(c, batchId, p);
            return null;
        });
    }

    private static void upsert(Connection c, long batchId, CurePosition p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO cure_position (batch_id, step_index, phase, step_elapsed_s, total_elapsed_s,
                    extended_s, ramp_dry_c, ramp_wet_c, saved_at, heat_integral, damper_open, memory)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(batch_id) DO UPDATE SET step_index = excluded.step_index, phase = excluded.phase,
                    step_elapsed_s = excluded.step_elapsed_s, total_elapsed_s = excluded.total_elapsed_s,
                    extended_s = excluded.extended_s, ramp_dry_c = excluded.ramp_dry_c,
                    ramp_wet_c = excluded.ramp_wet_c, saved_at = excluded.saved_at,
                    heat_integral = excluded.heat_integral, damper_open = excluded.damper_open,
                    memory = excluded.memory""")) {
            s.setLong(1, batchId);
            s.setInt(2, p.stepIndex());
            s.setString(3, p.phase().name());
            s.setDouble(4, p.stepElapsed().toMillis() / 1000.0);
            s.setDouble(5, p.totalElapsed().toMillis() / 1000.0);
            s.setDouble(6, p.extension().toMillis() / 1000.0);
            s.setDouble(7, p.rampDryCelsius());
            s.setDouble(8, p.rampWetCelsius());
            s.setString(9, p.savedAt().toString());
            s.setDouble(10, p.loops().heatIntegral());
            s.setDouble(11, p.loops().damperOpenFraction());
            s.setString(12, p.memory().map(ControlMemory::toJson).orElse(null));
            s.executeUpdate();
        }
    }

    /** The batch's last saved position, if any. */
    public Optional<CurePosition> load(long batchId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT step_index, phase, step_elapsed_s, total_elapsed_s, extended_s, ramp_dry_c, ramp_wet_c,
                        saved_at, heat_integral, damper_open, memory FROM cure_position WHERE batch_id = ?""")) {
                s.setLong(1, batchId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CurePosition(r.getInt(1), CurePhase.valueOf(r.getString(2)),
                            millis(r.getDouble(3)), millis(r.getDouble(4)), millis(r.getDouble(5)), r.getDouble(6),
                            r.getDouble(7), Instant.parse(r.getString(8)),
                            new CurePosition.Loops(r.getDouble(9), r.getDouble(10)),
                            Optional.ofNullable(r.getString(11)).flatMap(ControlMemory::parse)));
                }
            }
        });
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000.0));
    }
}
