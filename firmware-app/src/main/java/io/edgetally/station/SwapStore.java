package io.edgetally.station;

import io.edgetally.station.control.SwapRecord;
import io.edgetally.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Swaps and station samples in the device's SQLite file (tables of {@code V4__station.sql}). */
public final class SwapStore {

    private final Database db;

    public SwapStore(Database db) {
        this.db = db;
    }

    /** Books one swap; returns its row id. A swap already booked (same slot, pack out and completion) stays as it is. */
    public long recordSwap(SwapRecord s) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO station_swaps (truck_id, slot, pack_out, pack_in, soc_out, soc_in, energy_to_truck_kwh,
                      charged_dc_kwh, arrived_at, started_at, completed_at, wait_s)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (slot, pack_out, completed_at) DO NOTHING""", PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, s.truckId());
                ps.setInt(2, s.slot());
                ps.setString(3, s.packOutId());
                ps.setString(4, s.packInId());
                ps.setDouble(5, s.socOut());
                ps.setDouble(6, s.socIn());
                ps.setDouble(7, s.energyToTruckKwh());
                setOptional(ps, 8, s.chargedDcKwh());
                ps.setString(9, s.arrivedAt().toString());
                ps.setString(10, s.startedAt().toString());
                ps.setString(11, s.completedAt().toString());
                ps.setDouble(12, s.waited().toMillis() / 1000.0);
                if (ps.executeUpdate() == 1) {
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        return keys.getLong(1);
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id FROM station_swaps WHERE slot = ? AND pack_out = ? AND completed_at = ?")) {
                q.setInt(1, s.slot());
                q.setString(2, s.packOutId());
                q.setString(3, s.completedAt().toString());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Swaps that started in [from, to), oldest first. */
    public List<SwapRecord> swapsBetween(Instant from, Instant to) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT truck_id, slot, pack_out, pack_in, soc_out, soc_in, energy_to_truck_kwh, charged_dc_kwh,
                      arrived_at, started_at, completed_at
                    FROM station_swaps WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id""")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                List<SwapRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double charged = rs.getDouble(8);
                        OptionalDouble chargedDc = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(charged);
                        out.add(new SwapRecord(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), chargedDc,
                                Instant.parse(rs.getString(9)), Instant.parse(rs.getString(10)),
                                Instant.parse(rs.getString(11))));
                    }
                }
                return out;
            }
        });
    }

    /** Energy delivered to trucks by swaps that started in [from, to). */
    public double energyToTrucksKwh(Instant from, Instant to) {
        return swapsBetween(from, to).stream().mapToDouble(SwapRecord::energyToTruckKwh).sum();
    }

    /** Mean wait of the swaps that started in [from, to); zero when there were none. */
    public Duration meanWait(Instant from, Instant to) {
        List<SwapRecord> swaps = swapsBetween(from, to);
        return swaps.isEmpty() ? Duration.ZERO : Duration.ofMillis((long) swaps.stream()
                .mapToLong(s -> s.waited().toMillis()).average().orElse(0));
    }

    public void recordSample(StationSample s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR REPLACE INTO station_samples (at, grid_kw, cap_kw, budget_kw, month_peak_kw,
                      price_per_kwh, ready_packs, ready_target, trucks_waiting, import_kwh)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, s.at().toString());
                ps.setDouble(2, s.gridKw());
                ps.setDouble(3, s.capKw());
                ps.setDouble(4, s.budgetKw());
                ps.setDouble(5, s.monthPeakKw());
                ps.setDouble(6, s.pricePerKwh());
                ps.setInt(7, s.readyPacks());
                ps.setInt(8, s.readyTarget());
                ps.setInt(9, s.trucksWaiting());
                setOptional(ps, 10, s.importKwh());
                return ps.executeUpdate();
            }
        });
    }

    /** Samples in [from, to), oldest first. */
    public List<StationSample> samplesBetween(Instant from, Instant to) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT at, grid_kw, cap_kw, budget_kw, month_peak_kw, price_per_kwh, ready_packs, ready_target,
                      trucks_waiting, import_kwh
                    FROM station_samples WHERE at >= ? AND at < ? ORDER BY at""")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                List<StationSample> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double imp = rs.getDouble(10);
                        OptionalDouble importKwh = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(imp);
                        out.add(new StationSample(Instant.parse(rs.getString(1)), rs.getDouble(2), rs.getDouble(3),
                                rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getInt(7), rs.getInt(8),
                                rs.getInt(9), importKwh));
                    }
                }
                return out;
            }
        });
    }

    private static void setOptional(PreparedStatement ps, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            ps.setDouble(index, value.getAsDouble());
        } else {
            ps.setNull(index, Types.REAL);
        }
    }
}
