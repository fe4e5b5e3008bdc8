package io.edgetally.registry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.registry.store.Database;
import io.edgetally.registry.support.RegistryFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** What every fault test asserts at the end: each seq stored once, linked, contiguous, the head at the last. */
final class StoreCheck {

    private StoreCheck() {}

    static void everySeqOnceLinkedAndContiguous(RegistryFixture f, String site, String device, long last)
            throws Exception {
        try (Database db = f.openDatabase(); Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*), count(DISTINCT seq), min(seq), max(seq), bool_and(linked),"
                        + " (SELECT head_seq FROM devices WHERE site = ? AND device = ?)"
                        + " FROM reports WHERE site = ? AND device = ?")) {
            p.setString(1, site);
            p.setString(2, device);
            p.setString(3, site);
            p.setString(4, device);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).as(site + "/" + device + " reports").isEqualTo(last);
                assertThat(r.getLong(2)).as("distinct seqs").isEqualTo(last);
                assertThat(r.getLong(3)).as("first seq").isEqualTo(1);
                assertThat(r.getLong(4)).as("last seq").isEqualTo(last);
                assertThat(r.getBoolean(5)).as("all linked").isTrue();
                assertThat(r.getLong(6)).as("head").isEqualTo(last);
            }
        }
    }

    /**
     * The same for a whole fleet, in one query: every enrolled device holds exactly {@code last} reports, seqs 1 to
     * {@code last}, all linked, its head at {@code last}; and the fleet holds exactly devices x last rows.
     */
    static void everyDeviceOnceLinkedAndContiguous(RegistryFixture f, int devices, long last) throws Exception {
        try (Database db = f.openDatabase(); Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE x.n = ? AND x.distinct_seq = ? AND x.min_seq = 1 AND"
                        + " x.max_seq = ? AND x.all_linked AND d.head_seq = ?), coalesce(sum(x.n), 0),"
                        + " string_agg(CASE WHEN d.head_seq <> ? OR x.n <> ? THEN d.device || ' head ' || d.head_seq"
                        + " || ' rows ' || x.n END, ', ') FROM devices d LEFT JOIN LATERAL (SELECT count(*) n,"
                        + " count(DISTINCT seq) distinct_seq, min(seq) min_seq, max(seq) max_seq, bool_and(linked)"
                        + " all_linked FROM reports r WHERE r.site = d.site AND r.device = d.device) x ON true")) {
            for (int i = 1; i <= 6; i++) {
                p.setLong(i, last);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).as("devices").isEqualTo(devices);
                assertThat(r.getLong(2)).as("devices contiguous to " + last + "; off: " + r.getString(4))
                        .isEqualTo(devices);
                assertThat(r.getLong(3)).as("reports stored").isEqualTo(devices * last);
            }
        }
    }
}
