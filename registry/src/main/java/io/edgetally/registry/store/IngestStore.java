package io.edgetally.registry.store;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.Emissions;
import io.edgetally.protocol.mqtt.DeviceState;
import io.edgetally.protocol.mqtt.StateBirth;
import io.edgetally.protocol.mqtt.StateMessage;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.verify.Problem;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Files a batch of verified messages in one transaction and moves each device's chain on. PostgreSQL orders each
 * device's chain, so any number of registry instances can file reports of the same device in any order: reports
 * are inserted idempotently by (site, device, seq); then, under the device row's lock, the contiguous head advances
 * over the stored reports for as long as each one's prevHash is the head's hash (and its period and meter reading
 * continue the head's). The head only ever grows, and what is acknowledged is the head as committed.
 */
public final class IngestStore {

    /** Where a device's chain stands after a commit: what its ack says. */
    public record Head(String site, String device, long seq, String hash) {}

    /** What a commit did. */
    public record Result(List<Head> acks, int stored, int duplicates, int rejected) {}

    /** The enrolments changed since the batch was verified: verify it again with the new ones. */
    public static final class StaleEnrolments extends RuntimeException {
        public StaleEnrolments() {
            super("enrolments changed while the batch was verified");
        }
    }

    private record Rejection(String topic, String site, String device, long seq, byte[] payload, String kind,
                             String reason) {}

    private final Database db;

    public IngestStore(Database db) {
        this.db = db;
    }

    /**
     * Files {@code batch} in one transaction; nothing of it is visible or acknowledged before the commit.
     *
     * @param enrolmentVersion the enrolment snapshot the batch was verified with; if an enrol or revoke committed
     *                         since, {@link StaleEnrolments} is thrown and nothing is filed
     */
    public Result commit(List<Incoming> batch, long enrolmentVersion, Instant now) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                Result r = commit(c, batch, enrolmentVersion, now);
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool replaces it, and the original error is what matters
                }
                throw e;
            }
        }
    }

    private Result commit(Connection c, List<Incoming> batch, long enrolmentVersion, Instant now) throws SQLException {
        // Shares the row enrol/revoke update: a revoke waits for this commit, or this one sees its version.
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM enrolment_version WHERE id = 1 FOR SHARE");
             ResultSet r = p.executeQuery()) {
            r.next();
            if (r.getLong(1) != enrolmentVersion) {
                throw new StaleEnrolments();
            }
        }
        List<Rejection> rejections = new ArrayList<>();
        Map<String, List<Incoming.Report>> reportsByDevice = new TreeMap<>(); // sorted: locks in one order
        List<Incoming.State> states = new ArrayList<>();
        List<Incoming.Alarm> alarms = new ArrayList<>();
        for (Incoming in : batch) {
            switch (in) {
                case Incoming.Report r -> reportsByDevice.computeIfAbsent(r.site() + "/" + r.device(),
                        k -> new ArrayList<>()).add(r);
                case Incoming.Rejected x -> rejections.add(new Rejection(x.topic(), x.site().orElse(null),
                        x.device().orElse(null), x.seq().isPresent() ? x.seq().getAsLong() : -1, x.payload(), x.kind(),
                        x.reason()));
                case Incoming.State s -> states.add(s);
                case Incoming.Alarm a -> alarms.add(a);
            }
        }
        Set<String> touched = new java.util.TreeSet<>(reportsByDevice.keySet());
        states.forEach(s -> touched.add(s.site() + "/" + s.device()));
        Map<String, Head> heads = new LinkedHashMap<>();
        for (String address : touched) {
            heads.put(address, lock(c, address));
        }
        int stored = 0;
        int duplicates = 0;
        Set<String> ackable = new HashSet<>();
        for (Map.Entry<String, List<Incoming.Report>> e : reportsByDevice.entrySet()) {
            List<Incoming.Report> reports = new ArrayList<>(e.getValue());
            reports.sort(Comparator.comparingLong(r -> r.report().seq()));
            Map<Long, String> existing = existingHashes(c, reports);
            List<Incoming.Report> fresh = new ArrayList<>();
            Set<Long> inBatch = new HashSet<>();
            for (Incoming.Report r : reports) {
                long seq = r.report().seq();
                String known = existing.get(seq);
                if (known == null && inBatch.add(seq)) {
                    fresh.add(r);
                    existing.put(seq, r.report().hash());
                } else if ((known != null ? known : existing.get(seq)).equals(r.report().hash())) {
                    duplicates++;
                    ackable.add(e.getKey());
                } else {
                    String stored0 = known != null ? known : existing.get(seq);
                    rejections.add(rejection(r, Problem.Kind.REPLAY.name(), Problem.of(Problem.Kind.REPLAY, "seq",
                            "seq " + seq + " as stored (hash " + stored0 + ")", "seq " + seq + " with other content"
                                    + " (hash " + r.report().hash() + "): a fork or a replay").describe()));
                    raise(c, r.site(), r.device(), "FORK", "seq " + seq + " arrived with hash " + r.report().hash()
                            + " while the registry holds " + stored0, now);
                }
            }
            insert(c, fresh, now);
            stored += fresh.size();
            if (!fresh.isEmpty()) {
                ackable.add(e.getKey());
            }
            countDuplicates(c, reports, fresh, existing);
        }
        for (String address : reportsByDevice.keySet()) {
            heads.put(address, advance(c, heads.get(address), rejections, now));
        }
        for (Incoming.State s : states) {
            String address = s.site() + "/" + s.device();
            state(c, s, heads.get(address), now);
        }
        for (Incoming.Alarm a : alarms) {
            alarm(c, a, now);
        }
        insertRejections(c, rejections, now);
        List<Head> acks = new ArrayList<>();
        for (String address : ackable) {
            acks.add(heads.get(address));
        }
        acks.sort(Comparator.comparing(Head::site).thenComparing(Head::device));
        return new Result(acks, stored, duplicates, rejections.size());
    }

    private static Rejection rejection(Incoming.Report r, String kind, String reason) {
        return new Rejection(r.topic(), r.site(), r.device(), r.report().seq(), r.payload(), kind, reason);
    }

    private static Head lock(Connection c, String address) throws SQLException {
        int slash = address.indexOf('/');
        String site = address.substring(0, slash);
        String device = address.substring(slash + 1);
        try (PreparedStatement p = c.prepareStatement("SELECT head_seq, head_hash FROM devices WHERE site = ? AND"
                + " device = ? FOR UPDATE")) {
            p.setString(1, site);
            p.setString(2, device);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new StoreException(address + " is not enrolled (it was verified against an enrolment"
                            + " that no longer exists)");
                }
                return new Head(site, device, r.getLong(1), r.getString(2));
            }
        }
    }

    private static Map<Long, String> existingHashes(Connection c, List<Incoming.Report> reports) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        Incoming.Report first = reports.getFirst();
        try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM reports WHERE site = ? AND device = ?"
                + " AND seq = ANY (?)")) {
            p.setString(1, first.site());
            p.setString(2, first.device());
            Array seqs = c.createArrayOf("bigint", reports.stream().map(r -> r.report().seq()).toArray());
            p.setArray(3, seqs);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getLong(1), r.getString(2));
                }
            }
        }
        return out;
    }

    private static void insert(Connection c, List<Incoming.Report> fresh, Instant now) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO reports (site, device, seq, hash, prev_hash, key_id,"
                + " payload, period_start, period_end, meter_id, start_kwh, end_kwh, energy_kwh, methodology,"
                + " displaced, co2_kg, so2_kg, nox_kg, pm_kg, co2_project_kg, co2_net_kg, grid_region, grid_year,"
                + " grid_value, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?)")) {
            Timestamp received = Timestamp.from(now);
            for (Incoming.Report in : fresh) {
                TallyReport r = in.report();
                ReportBody b = r.body();
                Emissions e = b.tally().emissions();
                int i = 1;
                p.setString(i++, b.site());
                p.setString(i++, b.device());
                p.setLong(i++, b.seq());
                p.setString(i++, r.hash());
                p.setString(i++, b.prevHash());
                p.setString(i++, b.keyId());
                p.setBytes(i++, in.payload());
                p.setTimestamp(i++, Timestamp.from(b.periodStart()));
                p.setTimestamp(i++, Timestamp.from(b.periodEnd()));
                p.setString(i++, b.meter().meterId());
                p.setBigDecimal(i++, b.meter().startKwh());
                p.setBigDecimal(i++, b.meter().endKwh());
                p.setBigDecimal(i++, b.energyKwh());
                p.setString(i++, b.tally().methodology().id() + "/" + b.tally().methodology().version());
                p.setString(i++, displacedJson(b.tally().displaced()));
                p.setBigDecimal(i++, e.co2Kg());
                setOptional(p, i++, e.so2Kg());
                setOptional(p, i++, e.noxKg());
                setOptional(p, i++, e.pmKg());
                p.setBigDecimal(i++, e.co2ProjectKg());
                p.setBigDecimal(i++, e.co2NetKg());
                p.setString(i++, e.grid().region());
                p.setInt(i++, e.grid().year());
                p.setBigDecimal(i++, e.grid().value());
                p.setTimestamp(i, received);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void countDuplicates(Connection c, List<Incoming.Report> reports, List<Incoming.Report> fresh,
                                        Map<Long, String> hashes) throws SQLException {
        List<Long> dup = new ArrayList<>();
        Set<Incoming.Report> freshSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        freshSet.addAll(fresh);
        for (Incoming.Report r : reports) {
            if (!freshSet.contains(r) && r.report().hash().equals(hashes.get(r.report().seq()))) {
                dup.add(r.report().seq());
            }
        }
        if (dup.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE reports SET duplicates = duplicates + 1 WHERE site = ?"
                + " AND device = ? AND seq = ?")) {
            for (long seq : dup) {
                p.setString(1, reports.getFirst().site());
                p.setString(2, reports.getFirst().device());
                p.setLong(3, seq);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Moves the head over the stored, not yet linked reports that continue it. A stored report that does not
     * link (its prevHash is not the head's hash, its period overlaps, its meter reading does not continue) is
     * taken out of the store into the rejections, with an alarm: the device wrote two different chains.
     */
    private static Head advance(Connection c, Head head, List<Rejection> rejections, Instant now) throws SQLException {
        long seq = head.seq();
        String hash = head.hash();
        Instant periodEnd = null;
        String meterId = null;
        BigDecimal endKwh = null;
        try (PreparedStatement p = c.prepareStatement("SELECT head_period_end, head_meter_id, head_end_kwh FROM devices"
                + " WHERE site = ? AND device = ?")) {
            p.setString(1, head.site());
            p.setString(2, head.device());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                Timestamp t = r.getTimestamp(1);
                periodEnd = t == null ? null : t.toInstant();
                meterId = r.getString(2);
                endKwh = r.getBigDecimal(3);
            }
        }
        long from = seq;
        boolean moved = false;
        try (PreparedStatement p = c.prepareStatement("SELECT seq, hash, prev_hash, period_start, period_end, meter_id,"
                + " start_kwh, end_kwh, payload, key_id FROM reports WHERE site = ? AND device = ? AND NOT linked AND"
                + " seq > ? ORDER BY seq LIMIT 10000")) {
            p.setString(1, head.site());
            p.setString(2, head.device());
            p.setLong(3, seq);
            try (ResultSet r = p.executeQuery()) {
                while (r.next() && r.getLong(1) == seq + 1) {
                    long s = r.getLong(1);
                    Instant start = r.getTimestamp(4).toInstant();
                    String meter = r.getString(6);
                    BigDecimal startKwh = r.getBigDecimal(7);
                    Optional<Problem> problem = Optional.empty();
                    if (!r.getString(3).equals(hash)) {
                        problem = Optional.of(Problem.of(Problem.Kind.CHAIN, "prevHash", hash + " (hash of seq " + seq
                                + ")", r.getString(3)));
                    } else if (periodEnd != null && start.isBefore(periodEnd)) {
                        problem = Optional.of(Problem.of(Problem.Kind.PERIOD, "periodStart", "not before the previous"
                                + " periodEnd " + periodEnd + " (no energy counted twice)", start));
                    } else if (periodEnd != null && start.equals(periodEnd) && meter.equals(meterId)
                            && startKwh.compareTo(endKwh) != 0) {
                        problem = Optional.of(Problem.of(Problem.Kind.METER_CONTINUITY, "meter.startKwh",
                                endKwh.toPlainString() + " (endKwh of seq " + seq + ")", startKwh.toPlainString()));
                    }
                    if (problem.isPresent()) {
                        rejections.add(new Rejection("edgetally/v1/" + head.site() + "/" + head.device() + "/report",
                                head.site(), head.device(), s, r.getBytes(9), problem.get().kind().name(),
                                problem.get().describe()));
                        unstore(c, head, s);
                        raise(c, head.site(), head.device(), problem.get().kind().name(), "seq " + s + " does not"
                                + " continue the chain: " + problem.get().describe(), now);
                        break;
                    }
                    seq = s;
                    hash = r.getString(2);
                    periodEnd = r.getTimestamp(5).toInstant();
                    meterId = meter;
                    endKwh = r.getBigDecimal(8);
                    moved = true;
                }
            }
        }
        if (moved) {
            try (PreparedStatement p = c.prepareStatement("UPDATE reports SET linked = true WHERE site = ? AND"
                    + " device = ? AND seq > ? AND seq <= ?")) {
                p.setString(1, head.site());
                p.setString(2, head.device());
                p.setLong(3, from);
                p.setLong(4, seq);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET head_seq = ?, head_hash = ?,"
                    + " head_period_end = ?, head_meter_id = ?, head_end_kwh = ?, last_report_at = ? WHERE site = ?"
                    + " AND device = ?")) {
                p.setLong(1, seq);
                p.setString(2, hash);
                p.setTimestamp(3, Timestamp.from(periodEnd));
                p.setString(4, meterId);
                p.setBigDecimal(5, endKwh);
                p.setTimestamp(6, Timestamp.from(now));
                p.setString(7, head.site());
                p.setString(8, head.device());
                p.executeUpdate();
            }
            clearTailIfDelivered(c, head.site(), head.device(), seq, now);
        }
        return new Head(head.site(), head.device(), seq, hash);
    }

    private static void unstore(Connection c, Head head, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM reports WHERE site = ? AND device = ? AND seq = ?")) {
            p.setString(1, head.site());
            p.setString(2, head.device());
            p.setLong(3, seq);
            p.executeUpdate();
        }
    }

    private static void state(Connection c, Incoming.State s, Head head, Instant now) throws SQLException {
        DeviceState state = s.message().state();
        if (s.message() instanceof StateMessage.Signed signed) {
            StateBirth b = signed.birth();
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET state = ?, state_at = ?, birth_seq = ?,"
                    + " birth_hash = ?, birth_at = ? WHERE site = ? AND device = ?")) {
                p.setString(1, state.word());
                p.setTimestamp(2, Timestamp.from(now));
                p.setLong(3, b.seq());
                p.setString(4, b.hash());
                p.setTimestamp(5, Timestamp.from(b.at()));
                p.setString(6, s.site());
                p.setString(7, s.device());
                p.executeUpdate();
            }
            if (b.seq() > head.seq()) {
                raise(c, s.site(), s.device(), "TAIL_MISSING", "the device announced seq " + b.seq() + " (hash "
                        + b.hash() + ") at " + b.at() + "; the registry holds 1.." + head.seq() + ": "
                        + (b.seq() - head.seq()) + " report(s) not received", now);
            } else if (b.seq() > 0) {
                Optional<String> held = storedHash(c, s.site(), s.device(), b.seq());
                if (held.isPresent() && !held.get().equals(b.hash())) {
                    raise(c, s.site(), s.device(), "FORK", "the device announced seq " + b.seq() + " with hash "
                            + b.hash() + "; the registry holds it with hash " + held.get(), now);
                }
                clearTailIfDelivered(c, s.site(), s.device(), head.seq(), now);
            }
        } else {
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET state = ?, state_at = ? WHERE site = ?"
                    + " AND device = ?")) {
                p.setString(1, state.word());
                p.setTimestamp(2, Timestamp.from(now));
                p.setString(3, s.site());
                p.setString(4, s.device());
                p.executeUpdate();
            }
        }
    }

    private static Optional<String> storedHash(Connection c, String site, String device, long seq)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT hash FROM reports WHERE site = ? AND device = ? AND"
                + " seq = ?")) {
            p.setString(1, site);
            p.setString(2, device);
            p.setLong(3, seq);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static void clearTailIfDelivered(Connection c, String site, String device, long headSeq, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE registry_alarms SET cleared_at = ?, cleared_by ="
                + " 'registry: the announced reports arrived' WHERE site = ? AND device = ? AND kind = 'TAIL_MISSING'"
                + " AND cleared_at IS NULL AND EXISTS (SELECT 1 FROM devices d WHERE d.site = ? AND d.device = ? AND"
                + " d.birth_seq <= ?)")) {
            p.setTimestamp(1, Timestamp.from(now));
            p.setString(2, site);
            p.setString(3, device);
            p.setString(4, site);
            p.setString(5, device);
            p.setLong(6, headSeq);
            p.executeUpdate();
        }
    }

    /** Opens a registry alarm, or refreshes the message of the open one of that kind. */
    static void raise(Connection c, String site, String device, String kind, String message, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO registry_alarms (site, device, kind, message,"
                + " raised_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (site, device, kind) WHERE cleared_at IS NULL"
                + " DO UPDATE SET message = EXCLUDED.message")) {
            p.setString(1, site);
            p.setString(2, device);
            p.setString(3, kind);
            p.setString(4, message);
            p.setTimestamp(5, Timestamp.from(now));
            p.executeUpdate();
        }
    }

    private static void alarm(Connection c, Incoming.Alarm a, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO device_alarms (site, device, code, event, at,"
                + " payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            p.setString(1, a.site());
            p.setString(2, a.device());
            p.setString(3, a.code());
            p.setString(4, a.event());
            p.setString(5, a.at());
            p.setString(6, a.payload());
            p.setTimestamp(7, Timestamp.from(now));
            p.executeUpdate();
        }
    }

    private static void insertRejections(Connection c, List<Rejection> rejections, Instant now) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rejections (topic, site, device, seq, payload,"
                + " reason_kind, reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Rejection r : rejections) {
                p.setString(1, r.topic());
                p.setString(2, r.site());
                p.setString(3, r.device());
                if (r.seq() >= 0) {
                    p.setLong(4, r.seq());
                } else {
                    p.setNull(4, Types.BIGINT);
                }
                p.setBytes(5, r.payload());
                p.setString(6, r.kind());
                p.setString(7, r.reason());
                p.setTimestamp(8, Timestamp.from(now));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static String displacedJson(Map<String, BigDecimal> displaced) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        displaced.forEach((k, v) -> m.put(k, new JsonValue.JsonNumber(v)));
        return Json.write(new JsonObject(m));
    }

    private static void setOptional(PreparedStatement p, int i, Optional<BigDecimal> v) throws SQLException {
        if (v.isPresent()) {
            p.setBigDecimal(i, v.get());
        } else {
            p.setNull(i, Types.NUMERIC);
        }
    }
}
