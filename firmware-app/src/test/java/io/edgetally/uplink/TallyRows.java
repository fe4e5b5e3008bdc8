package io.edgetally.uplink;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.store.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes plausible hash-chained tally records into {@code tally_records}, as the ledger would (without its
 * signature), and reads the ledger back for comparison with what a registry holds.
 */
public final class TallyRows {

    /** One record as the device's ledger holds it. */
    public record Row(long seq, String hash, String payload) {}

    private final Database db;
    private final String site;
    private final String device;

    public TallyRows(Database db, String site, String device) {
        this.db = db;
        this.site = site;
        this.device = device;
    }

    /** Appends {@code count} fifteen-minute records after the newest one, chained to it. */
    public void append(int count, Instant firstPeriodStart) {
        db.inTransaction(c -> {
            long seq;
            String prev;
            try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM tally_records ORDER BY seq DESC LIMIT 1");
                 ResultSet r = p.executeQuery()) {
                seq = r.next() ? r.getLong(1) : 0;
                prev = seq == 0 ? "0".repeat(64) : r.getString(2);
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO tally_records(seq, payload, hash, period_start,"
                    + " period_end, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    seq++;
                    Instant start = firstPeriodStart.plus(Duration.ofMinutes(15L * i));
                    Instant end = start.plus(Duration.ofMinutes(15));
                    JsonObject body = JsonObject.builder().put("schema", "edgetally.report/1").put("site", site)
                            .put("device", device).put("kind", "curing-barn").put("seq", seq)
                            .put("periodStart", start.toString()).put("periodEnd", end.toString())
                            .put("energyKwh", 3.25 + (seq % 7) * 0.5).put("prevHash", prev).build();
                    String hash = sha256(Json.canonical(body));
                    String payload = Json.write(JsonObject.builder().put("schema", "edgetally.report/1")
                            .put("site", site).put("device", device).put("kind", "curing-barn").put("seq", seq)
                            .put("periodStart", start.toString()).put("periodEnd", end.toString())
                            .put("energyKwh", 3.25 + (seq % 7) * 0.5).put("prevHash", prev).put("hash", hash)
                            .put("signature", "test-unsigned").build());
                    p.setLong(1, seq);
                    p.setString(2, payload);
                    p.setString(3, hash);
                    p.setString(4, start.toString());
                    p.setString(5, end.toString());
                    p.setString(6, end.toString());
                    p.addBatch();
                    prev = hash;
                }
                p.executeBatch();
            }
            return null;
        });
    }

    /** The whole ledger, seq order. */
    public List<Row> ledger() {
        return db.inTransaction(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT seq, hash, payload FROM tally_records ORDER BY seq");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Row(r.getLong(1), r.getString(2), r.getString(3)));
                }
            }
            return out;
        });
    }

    /** Records not yet acknowledged by the registry. */
    public long outstanding() {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM tally_records WHERE acked_at IS NULL");
                 ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
