package io.edgetally.registry.export;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.StoreException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Verified totals for a period, per site, device, methodology and factor set, and day or month: the numbers a
 * registry operator submits to a carbon platform. Only reports in a device's contiguous, verified chain count
 * (not those still waiting for a gap), each by the day its period ends. The sums are of the reported (rounded)
 * values, so each total is recomputable from the stored reports.
 */
public final class VerifiedTotals {

    public enum By { DAY, MONTH }

    /** One row: a group and its sums. {@code grid} is region/year=value, the factor set's grid part. */
    public record Row(String site, String device, String methodology, String grid, String period, long reports,
                      BigDecimal energyKwh, Map<String, BigDecimal> displaced, BigDecimal co2Kg,
                      BigDecimal co2ProjectKg, BigDecimal co2NetKg, BigDecimal so2Kg, BigDecimal noxKg,
                      BigDecimal pmKg) {}

    private final Database db;

    public VerifiedTotals(Database db) {
        this.db = db;
    }

    public List<Row> rows(Instant from, Instant to, Optional<String> site, By by, ZoneId zone) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(by == By.DAY ? "yyyy-MM-dd" : "yyyy-MM");
        Map<List<String>, Row> groups = new TreeMap<>((a, b) -> String.join("\u0000", a)
                .compareTo(String.join("\u0000", b)));
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("SELECT site, device,"
                + " methodology, grid_region || '/' || grid_year || '=' || grid_value, period_end, energy_kwh,"
                + " displaced, co2_kg, co2_project_kg, co2_net_kg, so2_kg, nox_kg, pm_kg FROM reports WHERE linked"
                + " AND period_end >= ? AND period_end < ? AND (? IS NULL OR site = ?) ORDER BY site, device, seq")) {
            p.setTimestamp(1, Timestamp.from(from));
            p.setTimestamp(2, Timestamp.from(to));
            p.setString(3, site.orElse(null));
            p.setString(4, site.orElse(null));
            p.setFetchSize(5_000);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String period = f.format(ZonedDateTime.ofInstant(r.getTimestamp(5).toInstant(), zone));
                    List<String> key = List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4), period);
                    Row prev = groups.get(key);
                    Map<String, BigDecimal> displaced = new TreeMap<>(prev == null ? Map.of() : prev.displaced());
                    Json.parseObject(r.getString(7)).members().forEach((k, v) -> displaced.merge(k,
                            ((JsonNumber) v).value(), BigDecimal::add));
                    groups.put(key, new Row(key.get(0), key.get(1), key.get(2), key.get(3), period,
                            (prev == null ? 0 : prev.reports()) + 1,
                            add(prev == null ? null : prev.energyKwh(), r.getBigDecimal(6)), displaced,
                            add(prev == null ? null : prev.co2Kg(), r.getBigDecimal(8)),
                            add(prev == null ? null : prev.co2ProjectKg(), r.getBigDecimal(9)),
                            add(prev == null ? null : prev.co2NetKg(), r.getBigDecimal(10)),
                            add(prev == null ? null : prev.so2Kg(), r.getBigDecimal(11)),
                            add(prev == null ? null : prev.noxKg(), r.getBigDecimal(12)),
                            add(prev == null ? null : prev.pmKg(), r.getBigDecimal(13))));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("reading verified totals: " + e.getMessage(), e);
        }
        return List.copyOf(groups.values());
    }

    private static BigDecimal add(BigDecimal sum, BigDecimal v) {
        BigDecimal a = sum == null ? BigDecimal.ZERO : sum;
        return v == null ? a : a.add(v);
    }

    public static String csv(List<Row> rows) {
        TreeSet<String> fuels = new TreeSet<>();
        rows.forEach(r -> fuels.addAll(r.displaced().keySet()));
        StringBuilder sb = new StringBuilder("site,device,methodology,grid,period,reports,energyKwh");
        fuels.forEach(k -> sb.append(',').append(k));
        sb.append(",co2Kg,co2ProjectKg,co2NetKg,so2Kg,noxKg,pmKg\n");
        for (Row r : rows) {
            sb.append(String.join(",", r.site(), r.device(), r.methodology(), r.grid(), r.period(),
                    String.valueOf(r.reports()), n(r.energyKwh())));
            fuels.forEach(k -> sb.append(',').append(r.displaced().containsKey(k) ? n(r.displaced().get(k)) : ""));
            sb.append(',').append(String.join(",", n(r.co2Kg()), n(r.co2ProjectKg()), n(r.co2NetKg()), n(r.so2Kg()),
                    n(r.noxKg()), n(r.pmKg()))).append('\n');
        }
        return sb.toString();
    }

    public static String json(List<Row> rows, Instant from, Instant to, Optional<String> site, By by, ZoneId zone) {
        List<JsonValue> out = new ArrayList<>();
        for (Row r : rows) {
            var displaced = JsonObject.builder();
            r.displaced().forEach(displaced::put);
            out.add(JsonObject.builder().put("site", r.site()).put("device", r.device())
                    .put("methodology", r.methodology()).put("grid", r.grid()).put("period", r.period())
                    .put("reports", r.reports()).put("energyKwh", r.energyKwh()).put("displaced", displaced.build())
                    .put("co2Kg", r.co2Kg()).put("co2ProjectKg", r.co2ProjectKg()).put("co2NetKg", r.co2NetKg())
                    .put("so2Kg", r.so2Kg()).put("noxKg", r.noxKg()).put("pmKg", r.pmKg()).build());
        }
        return Json.pretty(JsonObject.builder().put("schema", "edgetally.totals/1").put("from", from.toString())
                .put("to", to.toString()).putOrNull("site", site.map(JsonValue::of))
                .put("by", by.name().toLowerCase(java.util.Locale.ROOT)).put("zone", zone.getId())
                .put("rows", new JsonArray(out)).build()) + "\n";
    }

    private static String n(BigDecimal v) {
        return Json.canonicalNumber(v);
    }
}
