package io.edgetally.tally;

import io.edgetally.protocol.chain.ReportFactory;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.protocol.verify.Totals;
import io.edgetally.store.Database;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The signed, hash-chained tally ledger in {@code tally_records}. The next seq and the previous hash are read from
 * the table itself inside the transaction that inserts the record, so they survive restarts and can never be
 * reused; the metering anchor moves in that same transaction.
 */
public final class Ledger {

    private final Database db;
    private final ReportFactory factory;
    private final ClockSync clockSync;
    private final Clock clock;

    public Ledger(Database db, ReportFactory factory, ClockSync clockSync, Clock clock) {
        this.db = db;
        this.factory = factory;
        this.clockSync = clockSync;
        this.clock = clock;
    }

    /** Books {@code spans} as the next records and moves the anchor, all or nothing. */
    List<TallyReport> commit(List<BookedSpan> spans, Optional<RegisterReading> anchor) {
        boolean synced = clockSync.synced();
        return db.inTransaction(c -> {
            List<TallyReport> booked = new ArrayList<>();
            for (BookedSpan span : spans) {
                Head head = head(c);
                TallyReport r = factory.next(head.seq() + 1, head.hash(), span.start().at(), span.end().at(), synced,
                        span.meterSpan());
                insert(c, r, span);
                booked.add(r);
            }
            if (anchor.isPresent()) {
                saveAnchor(c, anchor.get());
            }
            return booked;
        });
    }

    private record Head(long seq, String hash) {}

    private static Head head(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM tally_records ORDER BY seq DESC LIMIT 1");
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, TallyReport.GENESIS_HASH);
        }
    }

    private void insert(Connection c, TallyReport r, BookedSpan span) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO tally_records(seq, payload, hash, period_start,"
                + " period_end, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, r.seq());
            p.setString(2, new String(TallyReportCodec.toBytes(r), StandardCharsets.UTF_8));
            p.setString(3, r.hash());
            p.setString(4, r.body().periodStart().toString());
            p.setString(5, r.body().periodEnd().toString());
            p.setString(6, clock.instant().toString());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO booked_intervals(seq, meter_id, period_start,"
                + " period_end, period_end_ms, start_kwh, end_kwh, energy_kwh) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, r.seq());
            p.setString(2, span.start().meterId());
            p.setString(3, span.start().at().toString());
            p.setString(4, span.end().at().toString());
            p.setLong(5, span.end().at().toEpochMilli());
            p.setString(6, span.start().kwh().toPlainString());
            p.setString(7, span.end().kwh().toPlainString());
            p.setString(8, span.energyKwh().toPlainString());
            p.executeUpdate();
        }
    }

    private void saveAnchor(Connection c, RegisterReading a) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ledger_anchor(id, meter_id, register_kwh, at,"
                + " saved_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET meter_id = excluded.meter_id,"
                + " register_kwh = excluded.register_kwh, at = excluded.at, saved_at = excluded.saved_at")) {
            p.setString(1, a.meterId());
            p.setString(2, a.kwh().toPlainString());
            p.setString(3, a.at().toString());
            p.setString(4, clock.instant().toString());
            p.executeUpdate();
        }
    }

    /** Where the unbooked span starts, as last committed. */
    public Optional<RegisterReading> anchor() {
        return db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT meter_id, register_kwh, at FROM ledger_anchor WHERE id = 1");
                 ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(new RegisterReading(rs.getString(1), new BigDecimal(rs.getString(2)),
                                Instant.parse(rs.getString(3))))
                        : Optional.<RegisterReading>empty();
            }
        });
    }

    /** The highest seq written (0 when the ledger is empty). */
    public long lastSeq() {
        return db.inTransaction(c -> head(c).seq());
    }

    /** Records {@code fromSeq..} in seq order, at most {@code limit}, as stored (the published bytes). */
    public List<byte[]> payloads(long fromSeq, int limit) {
        return db.inTransaction(c -> {
            List<byte[]> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT payload FROM tally_records WHERE seq >= ? ORDER BY seq LIMIT ?")) {
                p.setLong(1, fromSeq);
                p.setInt(2, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return out;
        });
    }

    /** Sums the records whose period ends in {@code (from, to]}. */
    public Rollup rollup(Instant from, Instant to) {
        return db.inTransaction(c -> {
            Totals totals = Totals.ZERO;
            OptionalLong first = OptionalLong.empty();
            OptionalLong last = OptionalLong.empty();
            try (PreparedStatement p = c.prepareStatement("SELECT t.seq, t.payload FROM tally_records t"
                    + " JOIN booked_intervals b ON b.seq = t.seq WHERE b.period_end_ms > ? AND b.period_end_ms <= ?"
                    + " ORDER BY t.seq")) {
                p.setLong(1, from.toEpochMilli());
                p.setLong(2, to.toEpochMilli());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        TallyReport r = TallyReportCodec.parse(rs.getString(2).getBytes(StandardCharsets.UTF_8));
                        totals = totals.plus(r.body().energyKwh(), r.body().tally());
                        first = first.isPresent() ? first : OptionalLong.of(seq);
                        last = OptionalLong.of(seq);
                    }
                }
            }
            return new Rollup(from, to, first, last, totals);
        });
    }
}
