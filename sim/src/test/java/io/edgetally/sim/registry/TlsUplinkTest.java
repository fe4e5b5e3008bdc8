package io.edgetally.sim.registry;

import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import io.edgetally.uplink.DiskQuota;
import io.edgetally.uplink.TallyRows;
import io.edgetally.uplink.TestPki;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** MQTT over TLS with client certificates, end to end; certificates made by the test. */
class TlsUplinkTest {


    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-08-01T06:00:00Z"));

    @Test
    void aDeviceWithItsCertificateDeliversOverTlsAndAStrangerIsRefused_moquette() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "the registry's bridge needs mosquitto");
        TestPki pki = new TestPki(dir, "fleet");
        TestPki.Issued server = pki.server("broker");
        try (EmbeddedBroker broker = EmbeddedBroker.startWithTls(0, 0,
                new EmbeddedBroker.TlsListener(pki.caCertificate(), server.certificate(), server.key()))) {
            deliversAndRefuses(pki, broker.tlsUri(), RegistryUnderTest.bridgedTo(dir, broker.plainUri()));
        }
    }

    @Test
    void aDeviceWithItsCertificateDeliversOverTlsAndAStrangerIsRefused_mosquitto() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed");
        TestPki pki = new TestPki(dir, "fleet");
        TestPki.Issued server = pki.server("broker");
        try (MosquittoBroker broker = new MosquittoBroker(dir, Optional.of(
                new MosquittoBroker.Tls(pki.caCertificate(), server.certificate(), server.key())))) {
            deliversAndRefuses(pki, broker.tlsUri(), RegistryUnderTest.start(dir, broker.uri()));
        }
    }

    /** @param registry the registry, on the broker's plain listener (its own side of the broker) */
    private void deliversAndRefuses(TestPki pki, String tlsUri, RegistryUnderTest registry) {
        TestPki.Issued device = pki.client("barn-2");
        TestPki.Issued stranger = new TestPki(dir, "rogue").client("barn-2");
        try (Database db = Database.open(dir.resolve("device.db"));
             registry) {
            TallyRows tallies = new TallyRows(db, "farm-7", "barn-2");
            registry.enrol("farm-7", "barn-2", tallies.publicKey());
            tallies.append(40, clock.instant());

            UplinkConfig rogue = UplinkConfig.ofTls(tlsUri, "farm-7", "barn-2", pki.caCertificate(),
                    stranger.certificate(), stranger.key()).withClientId("rogue-barn-2");
            try (Uplink u = uplink(rogue, db, tallies)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> u.status().lastError().isPresent());
                assertThat(u.status().connected()).isFalse();
                assertThat(registry.reports("farm-7", "barn-2")).as("a client without a valid certificate gets nothing in").isEmpty();
            }

            UplinkConfig genuine = UplinkConfig.ofTls(tlsUri, "farm-7", "barn-2", pki.caCertificate(),
                    device.certificate(), device.key());
            try (Uplink u = uplink(genuine, db, tallies)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> tallies.outstanding() == 0);
                assertThat(u.status().connected()).isTrue();
            }
            assertThat(registry.reports("farm-7", "barn-2")).extracting(RegistryUnderTest.Held::hash)
                    .containsExactlyElementsOf(tallies.ledger().stream().map(TallyRows.Row::hash).toList());
        }
    }

    private Uplink uplink(UplinkConfig config, Database db, TallyRows tallies) {
        Uplink u = new Uplink(config, db, clock, tallies.key(), new Random(3), DiskQuota.defaults(), DiskQuota.probeOf(db),
                List.of(), e -> { });
        u.start();
        return u;
    }
}
