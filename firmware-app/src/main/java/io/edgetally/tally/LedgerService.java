package io.edgetally.tally;

import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.chain.ReportFactory;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.ResolvedMethodology;
import io.edgetally.protocol.methodology.ResolvedPlan;
import io.edgetally.protocol.methodology.TallyCalculator;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.verify.Totals;
import io.edgetally.store.Database;
import io.edgetally.store.StoreException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger as the control loops use it: hand it every meter reading, and it checks the reading, books closed
 * intervals as signed, chained records in {@code tally_records} (the uplink's outbox) and says what it did.
 * Thread-safe (one lock); each call is short.
 */
public final class LedgerService {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);

    private final Database db;
    private final LedgerConfig config;
    private final ResolvedPlan plan;
    private final Ledger ledger;
    private final Clock clock;
    private IntervalMeter meter;

    public LedgerService(Database db, LedgerConfig config, DeviceKeys keys, MethodologyRegistry registry,
                         ClockSync clockSync, Clock clock) {
        this.db = db;
        this.config = config;
        this.plan = registry.resolve(config.plan());
        this.clock = clock;
        this.ledger = new Ledger(db, new ReportFactory(config.site(), config.device(), config.kind(), plan,
                keys.signer()), clockSync, clock);
        this.meter = new IntervalMeter(config.meter(), ledger.anchor());
    }

    public Ledger ledger() {
        return ledger;
    }

    /**
     * Checks one reading and books any interval it closes. Throws {@link StoreException} when the ledger cannot
     * be written (disk full, say); nothing is lost then, as a later reading books the same span.
     */
    public synchronized Booking onReading(MeterReading reading) {
        IntervalMeter.Step step = meter.onReading(reading);
        if (step.check().status() == ReadingCheck.Status.UNCERTAIN_GAP) {
            LOG.warn("meter {}: {}", reading.meterId(), step.check().detail());
        }
        if (!step.anchorMoved()) {
            return new Booking(List.of(), step.check());
        }
        return new Booking(commit(step.spans()), step.check());
    }

    private List<TallyReport> commit(List<BookedSpan> spans) {
        try {
            return ledger.commit(spans, meter.anchor());
        } catch (RuntimeException e) {
            // Not booked: fall back to the committed anchor so the span is booked by a later reading, not lost.
            meter = new IntervalMeter(config.meter(), ledger.anchor());
            throw e;
        }
    }

    /**
     * Marks the start of a batch: books the open span up to the last good reading, so the batch's records begin
     * where it begins. Returns that instant, to pass to {@link #closeBatch} (the clock's time if there is no
     * reading yet).
     */
    public synchronized Instant startBatch() {
        Optional<BookedSpan> open = meter.flush();
        if (open.isPresent()) {
            commit(List.of(open.get()));
        }
        return meter.latest().map(RegisterReading::at).orElse(clock.instant());
    }

    /**
     * Closes a batch that started at {@code startedAt}: books the open span up to the last good reading (so the
     * batch's records cover it to the end), sums its records, records the batch, and for {@code curing-net} with
     * a weighed cured leaf adds the leaf-based coal baseline for comparison.
     */
    public synchronized BatchTally closeBatch(String batchId, Instant startedAt, Optional<BigDecimal> curedLeafKg) {
        Optional<BookedSpan> open = meter.flush();
        if (open.isPresent()) {
            commit(List.of(open.get()));
        }
        Instant closedAt = meter.latest().map(RegisterReading::at).filter(t -> t.isAfter(startedAt))
                .orElse(clock.instant());
        Rollup rollup = ledger.rollup(startedAt, closedAt);
        Optional<Accounting> leaf = curedLeafKg.flatMap(kg -> curingNet().map(m -> new TallyCalculator()
                .computeFromCuredLeaf(m.ref(), plan.grid(), rollup.totals().energyKwh(), kg)));
        saveBatch(batchId, startedAt, closedAt, rollup, curedLeafKg);
        return new BatchTally(batchId, rollup, leaf);
    }

    private Optional<ResolvedMethodology> curingNet() {
        return Stream.concat(Stream.of(plan.primary()), plan.sensitivity().stream())
                .filter(m -> m.methodology().id().equals(TallyCalculator.CURING_NET)).findFirst();
    }

    private void saveBatch(String batchId, Instant startedAt, Instant closedAt, Rollup r, Optional<BigDecimal> leaf) {
        Totals t = r.totals();
        var displaced = JsonObject.builder();
        t.displaced().forEach(displaced::put);
        String summary = Json.write(JsonObject.builder()
                .put("records", t.reports())
                .put("energyKwh", t.energyKwh())
                .put("displaced", displaced.build())
                .put("co2Kg", t.co2Kg())
                .put("co2ProjectKg", t.co2ProjectKg())
                .put("co2NetKg", t.co2NetKg())
                .put("methodology", plan.primary().methodology().key())
                .build());
        try {
            db.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO ledger_batches(batch_id, started_at,"
                        + " closed_at, first_seq, last_seq, energy_kwh, cured_leaf_kg, summary_json)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, batchId);
                    p.setString(2, startedAt.toString());
                    p.setString(3, closedAt.toString());
                    setSeq(p, 4, r.firstSeq());
                    setSeq(p, 5, r.lastSeq());
                    p.setString(6, t.energyKwh().toPlainString());
                    if (leaf.isPresent()) {
                        p.setString(7, leaf.get().toPlainString());
                    } else {
                        p.setNull(7, Types.VARCHAR);
                    }
                    p.setString(8, summary);
                    return p.executeUpdate();
                }
            });
        } catch (StoreException e) {
            throw new StoreException("closing batch '" + batchId + "': " + e.getMessage()
                    + " (a batch id can be closed once)", e);
        }
    }

    private static void setSeq(PreparedStatement p, int index, OptionalLong seq) throws SQLException {
        if (seq.isPresent()) {
            p.setLong(index, seq.getAsLong());
        } else {
            p.setNull(index, Types.INTEGER);
        }
    }

    /** The records whose period ends in {@code (from, to]}, summed. */
    public Rollup rollup(Instant from, Instant to) {
        return ledger.rollup(from, to);
    }

    /** One roll-up per local day (e.g. a station's day in Asia/Shanghai), {@code from} to {@code to} inclusive. */
    public List<Rollup> daily(LocalDate from, LocalDate to, ZoneId zone) {
        List<Rollup> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(ledger.rollup(d.atStartOfDay(zone).toInstant(), d.plusDays(1).atStartOfDay(zone).toInstant()));
        }
        return out;
    }
}
