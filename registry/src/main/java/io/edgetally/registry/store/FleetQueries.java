package io.edgetally.registry.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the fleet page and the JSON API show: every enrolled device with its state, chain, alarms and totals. */
public final class FleetQueries {

    /** An open alarm: the device's own (alarm topic) or the registry's (fork, broken chain, missing tail). */
    public record OpenAlarm(String source, long id, String site, String device, String code, String message,
                            Instant raisedAt) {}

    public record DeviceView(String site, String device, String kind, String methodology, Optional<String> sensitivity,
                             String grid, Optional<String> keyId, Optional<String> state, Optional<Instant> stateAt,
                             Optional<Instant> lastReportAt, long headSeq, Optional<Long> announcedSeq,
                             Optional<Instant> announcedAt, long waiting, long reportsBehind, long reports,
                             BigDecimal energyKwh, BigDecimal co2Kg, BigDecimal co2NetKg, List<OpenAlarm> alarms) {}

    public record RejectionView(long id, String topic, Optional<String> site, Optional<String> device,
                                Optional<Long> seq, String kind, String reason, Instant receivedAt) {}

    private final Database db;
    private final Clock clock;

    public FleetQueries(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public List<DeviceView> devices() {
        try (Connection c = db.connection()) {
            Map<String, List<OpenAlarm>> alarms = new HashMap<>();
            for (OpenAlarm a : openAlarms(c)) {
                alarms.computeIfAbsent(a.site() + "/" + a.device(), k -> new ArrayList<>()).add(a);
            }
            List<DeviceView> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT d.site, d.device, d.kind, d.methodology, d.sensitivity, d.grid_region || '/' || d.grid_year,
                           (SELECT k.key_id FROM device_keys k WHERE k.site = d.site AND k.device = d.device
                             AND k.revoked_at IS NULL),
                           d.state, d.state_at, d.last_report_at, d.head_seq, d.birth_seq, d.birth_at,
                           (SELECT count(*) FROM reports r WHERE r.site = d.site AND r.device = d.device
                             AND NOT r.linked),
                           t.n, t.energy, t.co2, t.net
                    FROM devices d
                    LEFT JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(energy_kwh), 0) AS energy,
                                              coalesce(sum(co2_kg), 0) AS co2, coalesce(sum(co2_net_kg), 0) AS net
                                       FROM reports r WHERE r.site = d.site AND r.device = d.device AND r.linked) t
                      ON true
                    ORDER BY d.site, d.device""");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String site = r.getString(1);
                    String device = r.getString(2);
                    long head = r.getLong(11);
                    Optional<Long> announced = Optional.ofNullable((Long) r.getObject(12));
                    out.add(new DeviceView(site, device, r.getString(3), r.getString(4),
                            Optional.ofNullable(r.getString(5)), r.getString(6), Optional.ofNullable(r.getString(7)),
                            Optional.ofNullable(r.getString(8)), instant(r.getTimestamp(9)),
                            instant(r.getTimestamp(10)), head, announced, instant(r.getTimestamp(13)), r.getLong(14),
                            announced.map(a -> Math.max(0, a - head)).orElse(0L), r.getLong(15),
                            r.getBigDecimal(16), r.getBigDecimal(17), r.getBigDecimal(18),
                            List.copyOf(alarms.getOrDefault(site + "/" + device, List.of()))));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the fleet: " + e.getMessage(), e);
        }
    }

    public List<OpenAlarm> openAlarms() {
        try (Connection c = db.connection()) {
            List<OpenAlarm> out = openAlarms(c);
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the alarms: " + e.getMessage(), e);
        }
    }

    /** Clears an open registry alarm (an operator has looked into it); false if there is no such open alarm. */
    public boolean clearRegistryAlarm(long id, String by) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("UPDATE registry_alarms SET"
                + " cleared_at = ?, cleared_by = ? WHERE id = ? AND cleared_at IS NULL")) {
            p.setTimestamp(1, Timestamp.from(clock.instant()));
            p.setString(2, by);
            p.setLong(3, id);
            boolean done = p.executeUpdate() == 1;
            c.commit();
            return done;
        } catch (SQLException e) {
            throw new StoreException("clearing alarm " + id + ": " + e.getMessage(), e);
        }
    }

    public List<RejectionView> rejections(int limit) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("SELECT id, topic, site, device,"
                + " seq, reason_kind, reason, received_at FROM rejections ORDER BY id DESC LIMIT ?")) {
            p.setInt(1, limit);
            List<RejectionView> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new RejectionView(r.getLong(1), r.getString(2), Optional.ofNullable(r.getString(3)),
                            Optional.ofNullable(r.getString(4)), Optional.ofNullable((Long) r.getObject(5)),
                            r.getString(6), r.getString(7), r.getTimestamp(8).toInstant()));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the rejections: " + e.getMessage(), e);
        }
    }

    private static List<OpenAlarm> openAlarms(Connection c) throws SQLException {
        List<OpenAlarm> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, site, device, kind, message, raised_at FROM"
                + " registry_alarms WHERE cleared_at IS NULL ORDER BY raised_at"); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new OpenAlarm("registry", r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getTimestamp(6).toInstant()));
            }
        }
        // a device alarm is open while its latest event is not 'cleared'
        try (PreparedStatement p = c.prepareStatement("""
                SELECT site, device, code, event, payload, at FROM (
                  SELECT DISTINCT ON (site, device, code) site, device, code, event, payload, at
                  FROM device_alarms ORDER BY site, device, code, at::timestamptz DESC, received_at DESC) latest
                WHERE event <> 'cleared' ORDER BY at""");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                String message = r.getString(5);
                try {
                    message = io.edgetally.protocol.json.Json.parseObject(message).optionalString("message")
                            .orElse(r.getString(3));
                } catch (RuntimeException e) {
                    message = r.getString(3);
                }
                out.add(new OpenAlarm("device", 0, r.getString(1), r.getString(2), r.getString(3), message,
                        Instant.parse(r.getString(6))));
            }
        }
        return out;
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }
}
