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
}
