package io.edgetally.registry.export;

import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A period statement ({@code edgetally.statement/1}): every verified report whose period ends in [from, to) (of one
 * site, or all), listed by site, device and seq with its hash; one digest over that list; the totals; the device
 * keys the reports verify with; signed by the registry key. An auditor with the reports recomputes all of it
 * ({@link StatementCheck}) without the registry's database.
 *
 * <p>The digest is SHA-256 (hex) of the lines {@code site/device/seq/hash\n} (UTF-8) in the listed order.
 */
public final class PeriodStatement {

    public static final String SCHEMA = "edgetally.statement/1";

    /** One listed report. */
    public record Entry(String site, String device, long seq, String hash) {
        String line() {
            return site + "/" + device + "/" + seq + "/" + hash + "\n";
        }
    }

    private final Database db;

    public PeriodStatement(Database db) {
        this.db = db;
    }

    /**
     * Writes the statement; with {@code reportsOut}, also the listed reports, byte for byte, one per line (the
     * JSON-lines file an auditor checks it against).
     */
    public JsonObject build(Instant from, Instant to, Optional<String> site, Instant now, Ed25519Signer registryKey,
                            Optional<OutputStream> reportsOut) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Totals totals = new Totals();
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("SELECT site, device, seq, hash,"
                + " energy_kwh, co2_kg, co2_project_kg, co2_net_kg, payload FROM reports WHERE linked AND period_end >= ?"
                + " AND period_end < ? AND (? IS NULL OR site = ?) ORDER BY site, device, seq")) {
            p.setTimestamp(1, Timestamp.from(from));
            p.setTimestamp(2, Timestamp.from(to));
            p.setString(3, site.orElse(null));
            p.setString(4, site.orElse(null));
            p.setFetchSize(5_000);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    entries.add(new Entry(r.getString(1), r.getString(2), r.getLong(3), r.getString(4)));
                    totals.add(r.getBigDecimal(5), r.getBigDecimal(6), r.getBigDecimal(7), r.getBigDecimal(8));
                    if (reportsOut.isPresent()) {
                        reportsOut.get().write(r.getBytes(9));
                        reportsOut.get().write('\n');
                    }
                }
            }
            Map<String, List<JsonValue>> keys = keys(c, entries);
            c.commit();
            JsonObject body = body(from, to, site, now, registryKey.keyId(), entries, totals, keys);
            String signature = registryKey.signBase64(Json.canonical(body));
            Map<String, JsonValue> all = new LinkedHashMap<>(body.members());
            all.put("signature", JsonValue.of(signature));
            return new JsonObject(all);
        } catch (SQLException e) {
            throw new StoreException("reading the reports for a statement: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<JsonValue>> keys(Connection c, List<Entry> entries) throws SQLException {
        Map<String, List<JsonValue>> out = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT key_id, public_key, revoked_at FROM device_keys WHERE"
                + " site = ? AND device = ? ORDER BY enrolled_at")) {
            for (Entry e : entries) {
                String address = e.site() + "/" + e.device();
                if (out.containsKey(address)) {
                    continue;
                }
                p.setString(1, e.site());
                p.setString(2, e.device());
                List<JsonValue> keys = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        Timestamp revoked = r.getTimestamp(3);
                        keys.add(JsonObject.builder().put("keyId", r.getString(1)).put("publicKey", r.getString(2))
                                .putOrNull("revokedAt", Optional.ofNullable(revoked)
                                        .map(t -> JsonValue.of(t.toInstant().toString()))).build());
                    }
                }
                out.put(address, keys);
            }
        }
        return out;
    }

    static JsonObject body(Instant from, Instant to, Optional<String> site, Instant now, String keyId,
                           List<Entry> entries, Totals totals, Map<String, List<JsonValue>> keys) {
        List<JsonValue> listed = new ArrayList<>();
        for (Entry e : entries) {
            listed.add(JsonObject.builder().put("site", e.site()).put("device", e.device()).put("seq", e.seq())
                    .put("hash", e.hash()).build());
        }
        var deviceKeys = JsonObject.builder();
        keys.forEach((k, v) -> deviceKeys.put(k, new JsonArray(v)));
        return JsonObject.builder()
                .put("schema", SCHEMA)
                .put("from", from.toString())
                .put("to", to.toString())
                .putOrNull("site", site.map(JsonValue::of))
                .put("generatedAt", now.toString())
                .put("registryKeyId", keyId)
                .put("reports", new JsonArray(listed))
                .put("digest", digest(entries))
                .put("totals", totals.json())
                .put("deviceKeys", deviceKeys.build())
                .build();
    }

    public static String digest(List<Entry> entries) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Entry e : entries) {
                md.update(e.line().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The sums a statement states: of the reports' own (rounded) values. */
    static final class Totals {
        long reports;
        BigDecimal energyKwh = BigDecimal.ZERO;
        BigDecimal co2Kg = BigDecimal.ZERO;
        BigDecimal co2ProjectKg = BigDecimal.ZERO;
        BigDecimal co2NetKg = BigDecimal.ZERO;

        void add(BigDecimal energy, BigDecimal co2, BigDecimal project, BigDecimal net) {
            reports++;
            energyKwh = energyKwh.add(energy);
            co2Kg = co2Kg.add(co2);
            co2ProjectKg = co2ProjectKg.add(project);
            co2NetKg = co2NetKg.add(net);
        }

        JsonObject json() {
            return JsonObject.builder().put("reports", reports).put("energyKwh", energyKwh).put("co2Kg", co2Kg)
                    .put("co2ProjectKg", co2ProjectKg).put("co2NetKg", co2NetKg).build();
        }
    }
}
