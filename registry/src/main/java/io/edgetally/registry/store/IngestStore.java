package io.edgetally.registry.store;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.Emissions;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.TreeSet;
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
            } catch (AssertionError e) {
                // With assertions on (as in the test suite), pgjdbc asserts that the connection it runs a batch on
                // is open; PostgreSQL going away mid-batch then raises this instead of an SQLException. It is the
                // same failed commit, retried as one; anything else is not ours to hide.
                if (!c.isValid(1)) {
                    throw new SQLException("the connection to PostgreSQL closed during the batch", e);
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
        Map<String, List<Incoming.Report>> reportsByDevice = new TreeMap<>();
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
        Set<String> touched = new TreeSet<>(reportsByDevice.keySet());
        states.forEach(s -> touched.add(s.site() + "/" + s.device()));
        // A handful of statements per batch, whatever the number of devices: round trips, not rows, are the cost.
        Map<String, ChainLinker.HeadState> heads = lock(c, touched);
        Map<String, String> existing = existingHashes(c, reportsByDevice);
        Map<String, TreeMap<Long, ChainLinker.Candidate>> waiting = waiting(c, reportsByDevice.keySet(), heads);

        int duplicates = 0;
        Set<String> ackable = new TreeSet<>();
        List<DuplicateKey> dupKeys = new ArrayList<>();
        Map<String, Map<Long, Incoming.Report>> fresh = new TreeMap<>();
        for (Map.Entry<String, List<Incoming.Report>> e : reportsByDevice.entrySet()) {
            Map<Long, Incoming.Report> mine = new TreeMap<>();
            for (Incoming.Report r : e.getValue()) {
                long seq = r.report().seq();
                String key = e.getKey() + "/" + seq;
                String known = existing.get(key);
                if (known == null) {
                    mine.put(seq, r);
                    existing.put(key, r.report().hash());
                    ackable.add(e.getKey());
                } else if (known.equals(r.report().hash())) {
                    duplicates++;
                    ackable.add(e.getKey());
                    if (!mine.containsKey(seq)) {
                        dupKeys.add(new DuplicateKey(r.site(), r.device(), seq));
                    }
                } else {
                    rejections.add(rejection(r, Problem.Kind.REPLAY.name(), Problem.of(Problem.Kind.REPLAY, "seq",
                            "seq " + seq + " as stored (hash " + known + ")", "seq " + seq + " with other content"
                                    + " (hash " + r.report().hash() + "): a fork or a replay").describe()));
                    DeviceEvents.raise(c, r.site(), r.device(), "FORK", "seq " + seq + " arrived with hash " + r.report().hash()
                            + " while the registry holds " + known, now);
                }
            }
            fresh.put(e.getKey(), mine);
        }

        List<Incoming.Report> toInsert = new ArrayList<>();
        Set<Incoming.Report> linkedAtInsert = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<LinkRange> storedLinked = new ArrayList<>();
        Map<String, ChainLinker.HeadState> moved = new TreeMap<>();
        for (Map.Entry<String, Map<Long, Incoming.Report>> e : fresh.entrySet()) {
            String address = e.getKey();
            TreeMap<Long, ChainLinker.Candidate> candidates = waiting.getOrDefault(address, new TreeMap<>());
            e.getValue().forEach((seq, r) -> candidates.put(seq, candidate(r)));
            ChainLinker.HeadState head = heads.get(address);
            ChainLinker.Decision d = ChainLinker.link(head, candidates);
            for (ChainLinker.Candidate linked : d.linked()) {
                if (linked.stored()) {
                    storedLinked.add(new LinkRange(address, linked.seq()));
                } else {
                    linkedAtInsert.add(e.getValue().get(linked.seq()));
                }
            }
            if (d.refused().isPresent()) {
                ChainLinker.Candidate bad = d.refused().get().candidate();
                Problem problem = d.refused().get().problem();
                String[] who = split(address);
                byte[] payload = bad.stored() ? unstore(c, who[0], who[1], bad.seq())
                        : e.getValue().remove(bad.seq()).payload();
                rejections.add(new Rejection(new io.edgetally.protocol.mqtt.DeviceTopics(who[0], who[1])
                        .topic(io.edgetally.protocol.mqtt.TopicKind.REPORT), who[0], who[1], bad.seq(), payload,
                        problem.kind().name(), problem.describe()));
                DeviceEvents.raise(c, who[0], who[1], problem.kind().name(), "seq " + bad.seq() + " does not continue the chain: "
                        + problem.describe(), now);
            }
            toInsert.addAll(e.getValue().values());
            if (d.head().seq() != head.seq()) {
                moved.put(address, d.head());
                heads.put(address, d.head());
            }
        }
        insert(c, toInsert, linkedAtInsert, now);
        linkStored(c, storedLinked);
        updateHeads(c, moved, now);
        countDuplicates(c, dupKeys);
        for (Incoming.State s : states) {
            String address = s.site() + "/" + s.device();
            ChainLinker.HeadState h = heads.get(address);
            DeviceEvents.state(c, s, new Head(s.site(), s.device(), h.seq(), h.hash()), now);
        }
        for (Incoming.Alarm a : alarms) {
            DeviceEvents.alarm(c, a, now);
        }
        insertRejections(c, rejections, now);
        List<Head> acks = new ArrayList<>();
        for (String address : ackable) {
            String[] who = split(address);
            ChainLinker.HeadState h = heads.get(address);
            acks.add(new Head(who[0], who[1], h.seq(), h.hash()));
        }
        return new Result(acks, toInsert.size(), duplicates, rejections.size());
    }

    private record DuplicateKey(String site, String device, long seq) {}

    private record LinkRange(String address, long seq) {}

    private static String[] split(String address) {
        int slash = address.indexOf('/');
        return new String[] {address.substring(0, slash), address.substring(slash + 1)};
    }

    private static ChainLinker.Candidate candidate(Incoming.Report r) {
        ReportBody b = r.report().body();
        return new ChainLinker.Candidate(b.seq(), r.report().hash(), b.prevHash(), b.periodStart(), b.periodEnd(),
                b.meter().meterId(), b.meter().startKwh(), b.meter().endKwh(), false);
    }

    private static Rejection rejection(Incoming.Report r, String kind, String reason) {
        return new Rejection(r.topic(), r.site(), r.device(), r.report().seq(), r.payload(), kind, reason);
    }

    private static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    /** Locks the touched devices' rows, in one order for every instance (no deadlock), and reads their heads. */
    private static Map<String, ChainLinker.HeadState> lock(Connection c, Set<String> addresses) throws SQLException {
        Map<String, ChainLinker.HeadState> out = new TreeMap<>();
        if (addresses.isEmpty()) {
            return out;
        }
        List<String> sites = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        addresses.forEach(a -> {
            String[] w = split(a);
            sites.add(w[0]);
            devices.add(w[1]);
        });
        try (PreparedStatement p = c.prepareStatement("SELECT d.site, d.device, d.head_seq, d.head_hash,"
                + " d.head_period_end, d.head_meter_id, d.head_end_kwh FROM devices d JOIN unnest(?::text[],"
                + " ?::text[]) AS t(site, device) ON d.site = t.site AND d.device = t.device ORDER BY d.site, d.device"
                + " FOR UPDATE OF d")) {
            p.setArray(1, texts(c, sites));
            p.setArray(2, texts(c, devices));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Timestamp end = r.getTimestamp(5);
                    out.put(r.getString(1) + "/" + r.getString(2), new ChainLinker.HeadState(r.getLong(3),
                            r.getString(4), Optional.ofNullable(end).map(Timestamp::toInstant),
                            Optional.ofNullable(r.getString(6)), Optional.ofNullable(r.getBigDecimal(7))));
                }
            }
        }
        for (String a : addresses) {
            if (!out.containsKey(a)) {
                throw new StoreException(a + " is not enrolled (it was verified against an enrolment that no longer"
                        + " exists)");
            }
        }
        return out;
    }

    /** The stored hash of every (site, device, seq) of the batch that is stored already, keyed site/device/seq. */
    private static Map<String, String> existingHashes(Connection c, Map<String, List<Incoming.Report>> byDevice)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        List<String> sites = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        byDevice.values().forEach(list -> list.forEach(r -> {
            sites.add(r.site());
            devices.add(r.device());
            seqs.add(r.report().seq());
        }));
        if (seqs.isEmpty()) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT r.site, r.device, r.seq, r.hash FROM reports r JOIN"
                + " unnest(?::text[], ?::text[], ?::bigint[]) AS t(site, device, seq) ON r.site = t.site AND"
                + " r.device = t.device AND r.seq = t.seq")) {
            p.setArray(1, texts(c, sites));
            p.setArray(2, texts(c, devices));
            p.setArray(3, c.createArrayOf("bigint", seqs.toArray()));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1) + "/" + r.getString(2) + "/" + r.getLong(3), r.getString(4));
                }
            }
        }
        return out;
    }

    /** Reports stored earlier above each head, still waiting for a gap to close. */
    private static Map<String, TreeMap<Long, ChainLinker.Candidate>> waiting(Connection c, Set<String> addresses,
            Map<String, ChainLinker.HeadState> heads) throws SQLException {
        Map<String, TreeMap<Long, ChainLinker.Candidate>> out = new HashMap<>();
        if (addresses.isEmpty()) {
            return out;
        }
        List<String> sites = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        List<Long> from = new ArrayList<>();
        for (String a : addresses) {
            String[] w = split(a);
            sites.add(w[0]);
            devices.add(w[1]);
            from.add(heads.get(a).seq());
        }
        try (PreparedStatement p = c.prepareStatement("SELECT r.site, r.device, r.seq, r.hash, r.prev_hash,"
                + " r.period_start, r.period_end, r.meter_id, r.start_kwh, r.end_kwh FROM reports r JOIN"
                + " unnest(?::text[], ?::text[], ?::bigint[]) AS t(site, device, head) ON r.site = t.site AND"
                + " r.device = t.device AND r.seq > t.head WHERE NOT r.linked")) {
            p.setArray(1, texts(c, sites));
            p.setArray(2, texts(c, devices));
            p.setArray(3, c.createArrayOf("bigint", from.toArray()));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1) + "/" + r.getString(2), k -> new TreeMap<>()).put(r.getLong(3),
                            new ChainLinker.Candidate(r.getLong(3), r.getString(4), r.getString(5),
                                    r.getTimestamp(6).toInstant(), r.getTimestamp(7).toInstant(), r.getString(8),
                                    r.getBigDecimal(9), r.getBigDecimal(10), true));
                }
            }
        }
        return out;
    }

    private static void insert(Connection c, List<Incoming.Report> fresh, Set<Incoming.Report> linked, Instant now)
            throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO reports (site, device, seq, hash, prev_hash, key_id,"
                + " payload, period_start, period_end, meter_id, start_kwh, end_kwh, energy_kwh, methodology,"
                + " displaced, co2_kg, so2_kg, nox_kg, pm_kg, co2_project_kg, co2_net_kg, grid_region, grid_year,"
                + " grid_value, received_at, linked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?)")) {
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
                p.setTimestamp(i++, received);
                p.setBoolean(i, linked.contains(in));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void linkStored(Connection c, List<LinkRange> linked) throws SQLException {
        if (linked.isEmpty()) {
            return;
        }
        List<String> sites = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (LinkRange l : linked) {
            String[] w = split(l.address());
            sites.add(w[0]);
            devices.add(w[1]);
            seqs.add(l.seq());
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE reports r SET linked = true FROM unnest(?::text[],"
                + " ?::text[], ?::bigint[]) AS t(site, device, seq) WHERE r.site = t.site AND r.device = t.device"
                + " AND r.seq = t.seq")) {
            p.setArray(1, texts(c, sites));
            p.setArray(2, texts(c, devices));
            p.setArray(3, c.createArrayOf("bigint", seqs.toArray()));
            p.executeUpdate();
        }
    }

    private static void updateHeads(Connection c, Map<String, ChainLinker.HeadState> moved, Instant now)
            throws SQLException {
        if (moved.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE devices SET head_seq = ?, head_hash = ?,"
                + " head_period_end = ?, head_meter_id = ?, head_end_kwh = ?, last_report_at = ? WHERE site = ?"
                + " AND device = ?")) {
            for (Map.Entry<String, ChainLinker.HeadState> e : moved.entrySet()) {
                ChainLinker.HeadState h = e.getValue();
                String[] w = split(e.getKey());
                p.setLong(1, h.seq());
                p.setString(2, h.hash());
                p.setTimestamp(3, Timestamp.from(h.periodEnd().orElseThrow()));
                p.setString(4, h.meterId().orElseThrow());
                p.setBigDecimal(5, h.endKwh().orElseThrow());
                p.setTimestamp(6, Timestamp.from(now));
                p.setString(7, w[0]);
                p.setString(8, w[1]);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE registry_alarms a SET cleared_at = ?, cleared_by ="
                + " 'registry: the announced reports arrived' FROM devices d WHERE a.kind = 'TAIL_MISSING' AND"
                + " a.cleared_at IS NULL AND d.site = a.site AND d.device = a.device AND d.birth_seq <= d.head_seq")) {
            p.setTimestamp(1, Timestamp.from(now));
            p.executeUpdate();
        }
    }

    private static void countDuplicates(Connection c, List<DuplicateKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE reports SET duplicates = duplicates + 1 WHERE site = ?"
                + " AND device = ? AND seq = ?")) {
            for (DuplicateKey k : keys) {
                p.setString(1, k.site());
                p.setString(2, k.device());
                p.setLong(3, k.seq());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Takes a stored report out (it does not continue the chain); returns its bytes for the rejections. */
    private static byte[] unstore(Connection c, String site, String device, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM reports WHERE site = ? AND device = ? AND seq = ?"
                + " RETURNING payload")) {
            p.setString(1, site);
            p.setString(2, device);
            p.setLong(3, seq);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getBytes(1) : new byte[0];
            }
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
