package io.edgetally.uplink;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.chain.ReportFactory;
import io.edgetally.protocol.chain.ReportSigner;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.store.Database;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes signed, hash-chained tally records into {@code tally_records} as the ledger would (a curing barn's
 * fifteen-minute spans of an SDM630's register, {@code sichuan-2023-thermal} at the Sichuan 2022 grid factor), so a
 * registry that verifies everything accepts them; and reads the ledger back for comparison with what a registry
 * holds. Each instance has its own device key.
 */
public final class TallyRows {

    /** One record as the device's ledger holds it. */
    public record Row(long seq, String hash, String payload) {}

    /** What the records are booked with: the terms a registry enrols this device with. */
    public static final AccountingPlan PLAN = AccountingPlan.of(MethodologyChoice.of("sichuan-2023-thermal", "1"),
            "CN-SC", 2022);
    public static final String METER = "SDM630#20231178";

    private final Database db;
    private final KeyPair pair;
    private final Ed25519Signer key;
    private final ReportFactory factory;

    public TallyRows(Database db, String site, String device) {
        this(db, site, device, Ed25519Keys.generate());
    }

    public TallyRows(Database db, String site, String device, KeyPair pair) {
        this.db = db;
        this.pair = pair;
        this.key = Ed25519Signer.of(pair);
        this.factory = new ReportFactory(site, device, SiteKind.CURING_BARN, MethodologyRegistry.builtIn()
                .resolve(PLAN), new ReportSigner(key));
    }

    /** The device key the records are signed with (and the uplink's birth). */
    public Ed25519Signer key() {
        return key;
    }

    /** The key pair, for a device process of its own (its PKCS#8 private key). */
    public KeyPair keyPair() {
        return pair;
    }

    /** The public key a registry enrols, base64. */
    public String publicKey() {
        return Ed25519Keys.toBase64(key.publicKey());
    }

    /**
     * Appends {@code count} fifteen-minute records after the newest one, chained to it, the first starting at
     * {@code firstPeriodStart} or where the newest one ended, whichever is later (a record never overlaps the last).
     */
    public void append(int count, Instant firstPeriodStart) {
        db.inTransaction(c -> {
            long seq = 0;
            String prev = TallyReport.GENESIS_HASH;
            Instant start = firstPeriodStart;
            BigDecimal kwh = new BigDecimal("48211.37109375");
            try (PreparedStatement p = c.prepareStatement("SELECT payload FROM tally_records ORDER BY seq DESC LIMIT 1");
                 ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    TallyReport last = TallyReportCodec.parse(r.getString(1).getBytes(StandardCharsets.UTF_8));
                    seq = last.seq();
                    prev = last.hash();
                    kwh = last.body().meter().endKwh();
                    if (last.body().periodEnd().isAfter(start)) {
                        start = last.body().periodEnd();
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO tally_records(seq, payload, hash, period_start,"
                    + " period_end, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    seq++;
                    Instant end = start.plus(Duration.ofMinutes(15));
                    BigDecimal endKwh = kwh.add(new BigDecimal("3.25")).add(new BigDecimal(seq % 7).multiply(
                            new BigDecimal("0.5")));
                    TallyReport report = factory.next(seq, prev, start, end, true,
                            new MeterSpan(METER, kwh, endKwh, new BigDecimal("1000000")));
                    p.setLong(1, seq);
                    p.setString(2, new String(TallyReportCodec.toBytes(report), StandardCharsets.UTF_8));
                    p.setString(3, report.hash());
                    p.setString(4, start.toString());
                    p.setString(5, end.toString());
                    p.setString(6, end.toString());
                    p.addBatch();
                    prev = report.hash();
                    kwh = endKwh;
                    start = end;
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
}
