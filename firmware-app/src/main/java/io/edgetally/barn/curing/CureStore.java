package io.edgetally.barn.curing;

import io.edgetally.alarm.Alarm;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The cure's history in SQLite: batches, the event log, alarm history and the curing curve (V1 tables). */
public final class CureStore {

    /** A batch that has not ended. */
    public record RunningBatch(long id, String scheduleId, String scheduleJson, Instant startedAt) {}

    private final Database db;

    public CureStore(Database db) {
        this.db = db;
    }

    /** Records a new batch as RUNNING, with the schedule as run; returns its id. */
    public long startBatch(CuringSchedule schedule, Instant startedAt, OptionalDouble freshLeafKg,
            OptionalDouble startKwh, Optional<String> meterId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO batches (schedule_id, schedule_json, started_at, status, fresh_leaf_kg, start_kwh,
                        meter_id) VALUES (?, ?, ?, 'RUNNING', ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, schedule.id());
                s.setString(2, schedule.toJson());
                s.setString(3, startedAt.toString());
                setOptional(s, 4, freshLeafKg);
                setOptional(s, 5, startKwh);
                if (meterId.isPresent()) {
                    s.setString(6, meterId.get());
                } else {
                    s.setNull(6, Types.VARCHAR);
                }
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Marks the batch COMPLETE. */
    public void completeBatch(long batchId, Instant endedAt, OptionalDouble curedLeafKg, OptionalDouble endKwh) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE batches SET status = 'COMPLETE', ended_at = ?, cured_leaf_kg = ?, end_kwh = ?
                    WHERE id = ? AND status = 'RUNNING'""")) {
                s.setString(1, endedAt.toString());
                setOptional(s, 2, curedLeafKg);
                setOptional(s, 3, endKwh);
                s.setLong(4, batchId);
                if (s.executeUpdate() != 1) {
                    throw new SQLException("batch " + batchId + " is not RUNNING");
                }
            }
            return null;
        });
    }

    /** The batch to resume on boot, if one is running (the newest, should there be more). */
    public Optional<RunningBatch> runningBatch() {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT id, schedule_id, schedule_json, started_at FROM batches WHERE status = 'RUNNING'
                    ORDER BY id DESC LIMIT 1"""); ResultSet r = s.executeQuery()) {
                return r.next()
                        ? Optional.of(new RunningBatch(r.getLong(1), r.getString(2), r.getString(3),
                                Instant.parse(r.getString(4))))
                        : Optional.empty();
            }
        });
    }

    /**
     * Appends a cycle's events to the log and mirrors raised/cleared alarms into the alarm history, in one
     * transaction.
     */
    public void appendEvents(List<CuringEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            appendEvents(c, events);
            return null;
        });
    }

    /** {@link #appendEvents(List)} inside the caller's transaction. */
    static void appendEvents(Connection c, List<CuringEvent> events) throws SQLException {
        for (CuringEvent e : events) {
            insertEvent(c, e);
            switch (e) {
                case CuringEvent.AlarmRaised r -> insertAlarm(c, r.alarm());
                case CuringEvent.AlarmCleared cl -> clearAlarm(c, cl.code(), cl.at());
                default -> { }
            }
        }
    }

    /** An operator acknowledged the active alarm {@code code}; false if no such alarm is active. */
    public boolean acknowledgeAlarm(String code, String by, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE alarms SET acked_at = ?, acked_by = ? WHERE code = ? AND cleared_at IS NULL""")) {
                s.setString(1, at.toString());
                s.setString(2, by);
                s.setString(3, code);
                boolean found = s.executeUpdate() == 1;
                if (found) {
                    insertEvent(c, at, "alarm-acknowledged", code, "", by);
                }
                return found;
            }
        });
    }

    /**
     * Clears every active alarm, logging why. Call on boot before resuming: a restarted controller re-raises within
     * a cycle or two whatever is still wrong, and an alarm whose cause went away during the outage would otherwise
     * stay active forever.
     */
    public void clearActiveAlarms(Instant at, String reason) {
        db.inTransaction(c -> {
            for (Alarm a : activeIn(c)) {
                clearAlarm(c, a.code(), at);
                insertEvent(c, at, "alarm-cleared", a.code(), reason, "controller");
            }
            return null;
        });
    }

    /** Alarms not yet cleared, oldest first. */
    public List<Alarm> activeAlarms() {
        return db.inTransaction(CureStore::activeIn);
    }

    private static List<Alarm> activeIn(Connection c) throws SQLException {
        List<Alarm> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT code, severity, message, raised_at FROM alarms WHERE cleared_at IS NULL ORDER BY id""");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Alarm(r.getString(1), Alarm.Severity.valueOf(r.getString(2)), r.getString(3),
                        Instant.parse(r.getString(4))));
            }
        }
        return out;
    }

    /** Appends curve points in one transaction (a sample already stored for that instant is kept). */
    public void appendSamples(long batchId, List<BarnSample> samples) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO barn_samples (batch_id, at, step_index, phase, dry_c, wet_c, dry_target_c,
                        wet_target_c, heater_stages, damper, fan, import_kwh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (batch_id, at) DO NOTHING""")) {
                for (BarnSample b : samples) {
                    s.setLong(1, batchId);
                    s.setString(2, b.at().toString());
                    s.setInt(3, b.stepIndex());
                    s.setString(4, b.phase().name());
                    setOptional(s, 5, b.dryCelsius());
                    setOptional(s, 6, b.wetCelsius());
                    setOptional(s, 7, b.dryTargetCelsius());
                    setOptional(s, 8, b.wetTargetCelsius());
                    s.setInt(9, b.heaterStages());
                    s.setDouble(10, b.damperOpenFraction());
                    s.setString(11, b.fan().name());
                    setOptional(s, 12, b.importKwh());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    private static void insertEvent(Connection c, CuringEvent e) throws SQLException {
        String actor = e instanceof CuringEvent.OperatorAction a ? a.command().who() : "controller";
        String code = switch (e) {
            case CuringEvent.AlarmRaised r -> r.alarm().code();
            case CuringEvent.AlarmCleared cl -> cl.code();
            case CuringEvent.StepStarted s -> "step-" + s.stepIndex();
            case CuringEvent.HoldStarted h -> "step-" + h.stepIndex();
            case CuringEvent.StepCompleted s -> "step-" + s.stepIndex();
            case CuringEvent.WaitingForOperator w -> "step-" + w.stepIndex();
            case CuringEvent.ResumedAfterOutage r -> "step-" + r.stepIndex();
            default -> null;
        };
        insertEvent(c, e.at(), e.kind(), code, detail(e), actor);
    }

    private static String detail(CuringEvent e) {
        return switch (e) {
            case CuringEvent.StepStarted s -> s.stepName() + " (" + s.stage().fileName() + ")";
            case CuringEvent.HoldStarted h -> h.stepName();
            case CuringEvent.StepCompleted s -> s.stepName() + ": " + s.how() + " after " + s.holdElapsed();
            case CuringEvent.WaitingForOperator w -> w.stepName() + ": " + w.prompt();
            case CuringEvent.OperatorAction a -> (a.accepted() ? "" : "rejected: ") + a.detail();
            case CuringEvent.AlarmRaised r -> r.alarm().severity() + ": " + r.alarm().message();
            case CuringEvent.AlarmCleared cl -> "";
            case CuringEvent.CureComplete cc -> "process time " + cc.totalProcessTime();
            case CuringEvent.ResumedAfterOutage r -> "outage " + r.outage() + ", resumed " + r.stepName();
        };
    }

    private static void insertEvent(Connection c, Instant at, String kind, String code, String detail, String actor)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO events (at, kind, code, detail, actor) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, at.toString());
            s.setString(2, kind);
            s.setString(3, code);
            s.setString(4, detail);
            s.setString(5, actor);
            s.executeUpdate();
        }
    }

    private static void insertAlarm(Connection c, Alarm a) throws SQLException {
        // one active alarm per code: a restarted controller raising an alarm still active in the file is a no-op
        try (PreparedStatement s = c.prepareStatement("""
                INSERT OR IGNORE INTO alarms (code, severity, message, raised_at) VALUES (?, ?, ?, ?)""")) {
            s.setString(1, a.code());
            s.setString(2, a.severity().name());
            s.setString(3, a.message());
            s.setString(4, a.raisedAt().toString());
            s.executeUpdate();
        }
    }

    private static void clearAlarm(Connection c, String code, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE alarms SET cleared_at = ? WHERE code = ? AND cleared_at IS NULL")) {
            s.setString(1, at.toString());
            s.setString(2, code);
            s.executeUpdate();
        }
    }

    private static void setOptional(PreparedStatement s, int index, OptionalDouble v) throws SQLException {
        if (v.isPresent()) {
            s.setDouble(index, v.getAsDouble());
        } else {
            s.setNull(index, Types.REAL);
        }
    }
}
