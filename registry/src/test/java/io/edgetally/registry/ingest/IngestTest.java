package io.edgetally.registry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.SignedAck;
import io.edgetally.protocol.mqtt.StateBirth;
import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.protocol.report.ReportBody;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.methodology.Accounting;
import io.edgetally.protocol.methodology.Emissions;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.support.DeviceLink;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestDevice;
import io.edgetally.registry.support.TestPostgres;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on a real Mosquitto and a real PostgreSQL: what it stores, acks, refuses and raises. */
class IngestTest {

    @TempDir
    Path dir;
    private MosquittoBroker broker;
    private RegistryFixture fixture;
    private RegistryService registry;
    private DeviceLink link;
    private final TestDevice barn = new TestDevice("jiange-01", "barn-07");

    @BeforeEach
    void start() throws Exception {
        broker = new MosquittoBroker(dir);
        fixture = new RegistryFixture(dir, broker.uri(), TestPostgres.shared(), "registry-1", null);
        fixture.enrol(barn);
        registry = fixture.start();
        link = new DeviceLink(broker.uri(), "barn-07-link", new DeviceTopics(barn.site, barn.device));
    }

    @AfterEach
    void stop() throws Exception {
        link.close();
        registry.close();
        broker.close();
    }

    private void publish(TallyReport r) throws Exception {
        link.report(barn.site, barn.device, TestDevice.bytes(r));
    }

    private void awaitAck(long seq) {
        await().atMost(Duration.ofSeconds(30)).until(() -> link.highestAck(barn.site, barn.device) >= seq);
        assertThat(link.highestAck(barn.site, barn.device)).isEqualTo(seq);
    }

    private long count(String sql) throws Exception {
        try (Database db = fixture.openDatabase(); Connection c = db.connection();
             PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private List<String> rejectionKinds() throws Exception {
        List<String> out = new ArrayList<>();
        try (Database db = fixture.openDatabase(); Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT reason_kind FROM rejections ORDER BY id");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private void awaitRejections(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rejectionKinds().size() >= n);
    }

    @Test
    void aChainIsStoredByteForByteAndAcknowledgedWithSignedAcks() throws Exception {
        List<TallyReport> chain = barn.chain(10);
        for (TallyReport r : chain) {
            publish(r);
        }
        awaitAck(10);
        SignedAck last = link.acks(barn.site, barn.device).getLast();
        assertThat(last.hash()).isEqualTo(chain.getLast().hash());
        assertThat(last.verifies(registry.registryKey().verifier())).isTrue();
        assertThat(count("SELECT count(*) FROM reports WHERE linked")).isEqualTo(10);
        try (Database db = fixture.openDatabase(); Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT payload FROM reports WHERE seq = 7");
             ResultSet r = p.executeQuery()) {
            r.next();
            assertThat(r.getBytes(1)).isEqualTo(TestDevice.bytes(chain.get(6)));
        }
    }

    @Test
    void reportsAheadOfAGapWaitAndAreLinkedWhenThePredecessorComes() throws Exception {
        List<TallyReport> chain = barn.chain(6);
        for (int i = 3; i < 6; i++) {
            publish(chain.get(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM reports") == 3);
        assertThat(count("SELECT count(*) FROM reports WHERE linked")).isZero();
        assertThat(link.highestAck(barn.site, barn.device)).isZero();
        for (int i = 0; i < 3; i++) {
            publish(chain.get(i));
        }
        awaitAck(6);
        assertThat(count("SELECT count(*) FROM reports WHERE linked")).isEqualTo(6);
    }

    @Test
    void theSameReportAgainIsCountedOnceAndAckedAgain() throws Exception {
        List<TallyReport> chain = barn.chain(2);
        publish(chain.get(0));
        publish(chain.get(1));
        awaitAck(2);
        int acksBefore = link.acks(barn.site, barn.device).size();
        publish(chain.get(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> link.acks(barn.site, barn.device).size() > acksBefore);
        assertThat(link.acks(barn.site, barn.device).getLast().seq()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM reports")).isEqualTo(2);
        assertThat(count("SELECT duplicates FROM reports WHERE seq = 2")).isEqualTo(1);
        assertThat(rejectionKinds()).isEmpty();
    }

    @Test
    void anotherReportUnderAStoredSeqIsAForkRejectedAlarmedAndNeverAcked() throws Exception {
        List<TallyReport> chain = barn.chain(2);
        publish(chain.get(0));
        publish(chain.get(1));
        awaitAck(2);
        TallyReport other = barn.chainFrom(2, chain.get(0).hash(), new BigDecimal("1005.625"), 1).getFirst();
        assertThat(other.hash()).isNotEqualTo(chain.get(1).hash());
        publish(other);
        awaitRejections(1);
        assertThat(rejectionKinds()).containsExactly("REPLAY");
        assertThat(count("SELECT count(*) FROM registry_alarms WHERE kind = 'FORK' AND cleared_at IS NULL"))
                .isEqualTo(1);
        assertThat(link.acks(barn.site, barn.device)).noneMatch(a -> a.hash().equals(other.hash()));
        assertThat(count("SELECT count(*) FROM reports")).isEqualTo(2);

        // the operator looks into it and clears it
        long id = count("SELECT id FROM registry_alarms WHERE kind = 'FORK'");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        io.edgetally.registry.cli.RegistryMain cli = io.edgetally.registry.cli.RegistryMain.forTests(ps, ps);
        assertThat(cli.run("alarms", "--config", fixture.configFile.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("registry jiange-01/barn-07 FORK (id " + id + ")");
        assertThat(cli.run("alarms", "--config", fixture.configFile.toString(), "--clear", String.valueOf(id),
                "--by", "operator: the device's SD card was swapped, seq 2 is the original")).isZero();
        assertThat(count("SELECT count(*) FROM registry_alarms WHERE cleared_at IS NULL")).isZero();
    }

    @Test
    void aReportThatDoesNotContinueTheChainIsTakenOutAndAlarmed() throws Exception {
        List<TallyReport> chain = barn.chain(2);
        publish(chain.get(0));
        awaitAck(1);
        TallyReport unlinked = barn.chainFrom(2, "ab".repeat(32), new BigDecimal("1004.625"), 1).getFirst();
        publish(unlinked);
        awaitRejections(1);
        assertThat(rejectionKinds()).containsExactly("CHAIN");
        assertThat(count("SELECT count(*) FROM registry_alarms WHERE kind = 'CHAIN'")).isEqualTo(1);
        publish(chain.get(1)); // the device's true seq 2 is then accepted
        awaitAck(2);
    }

    @Test
    void everyRefusalIsKeptWithItsReasonAndNeverAcked() throws Exception {
        publish(barn.chain(1).getFirst());
        awaitAck(1);
        List<TallyReport> chain = barn.chain(3);
        // unknown device
        TestDevice stranger = new TestDevice("jiange-01", "barn-99");
        link.report(stranger.site, stranger.device, TestDevice.bytes(stranger.chain(1).getFirst()));
        // not JSON
        link.report(barn.site, barn.device, "hello".getBytes(StandardCharsets.UTF_8));
        // a report on another device's topic
        link.report(barn.site, "barn-08", TestDevice.bytes(chain.get(1)));
        // a signature by another key under this device's key id
        TallyReport forged = new TallyReport(chain.get(1).body(), chain.get(1).hash(), new TestDevice("x", "y")
                .signer.key().signBase64(io.edgetally.protocol.chain.ReportHashes.signedBytes(chain.get(1).body())));
        publish(forged);
        // arithmetic that does not recompute, re-signed by the device itself
        publish(barn.signer.sign(inflated(chain.get(1).body())));
        // booked with another methodology than enrolled (the numbers recompute)
        TestDevice otherPlan = new TestDevice(barn.site, barn.device, barn.keys, AccountingPlan.of(
                MethodologyChoice.of("curing-net", "1"), "CN-SC", 2022));
        publish(otherPlan.chainFrom(2, chain.get(0).hash(), chain.get(1).body().meter().startKwh(), 1).getFirst());
        awaitRejections(6);
        assertThat(rejectionKinds()).containsExactlyInAnyOrder("UNKNOWN_DEVICE", "FORMAT", "FORMAT", "SIGNATURE",
                "TALLY", "ENROLMENT");
        assertThat(link.highestAck(barn.site, barn.device)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM rejections WHERE reason LIKE 'ENROLMENT methodology.id: expected"
                + " sichuan-2023-thermal/1 (enrolled), found curing-net/1%'")).isEqualTo(1);

        // revoked: the key's reports are refused from then on, what was accepted stays
        try (Database db = fixture.openDatabase()) {
            new Enrolments(db).revoke(barn.site, barn.device, Instant.now());
        }
        publish(chain.get(1));
        awaitRejections(7);
        assertThat(rejectionKinds().getLast()).isEqualTo("REVOKED");
        assertThat(count("SELECT count(*) FROM reports")).isEqualTo(1);
    }

    @Test
    void aSignedBirthAheadOfTheChainRaisesAMissingTailUntilItArrives() throws Exception {
        List<TallyReport> chain = barn.chain(5);
        for (int i = 0; i < 3; i++) {
            publish(chain.get(i));
        }
        awaitAck(3);
        StateBirth birth = StateBirth.sign(barn.site, barn.device, 5, chain.get(4).hash(), Instant.now(),
                barn.signer.key());
        link.publish(new DeviceTopics(barn.site, barn.device).topic(TopicKind.STATE), birth.encode(), 1, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM registry_alarms WHERE kind = 'TAIL_MISSING' AND cleared_at IS NULL") == 1);
        assertThat(count("SELECT birth_seq FROM devices")).isEqualTo(5);
        publish(chain.get(3));
        publish(chain.get(4));
        awaitAck(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM registry_alarms WHERE kind = 'TAIL_MISSING' AND cleared_at IS NULL") == 0);
    }

    @Test
    void aBirthNotSignedByTheDeviceKeyIsRefused() throws Exception {
        StateBirth forged = StateBirth.sign(barn.site, barn.device, 0, TallyReport.GENESIS_HASH, Instant.now(),
                io.edgetally.protocol.chain.Ed25519Signer.of(Ed25519Keys.generate()));
        link.publish(new DeviceTopics(barn.site, barn.device).topic(TopicKind.STATE), forged.encode(), 1, true);
        awaitRejections(1);
        assertThat(rejectionKinds()).containsExactly("KEY_ID");
    }

    @Test
    void theWillMarksTheDeviceOfflineAndTheBareBirthOnline() throws Exception {
        link.publish(new DeviceTopics(barn.site, barn.device).topic(TopicKind.STATE), "online".getBytes(), 1, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> state().equals(Optional.of("online")));
        link.vanish();
        await().atMost(Duration.ofSeconds(30)).until(() -> state().equals(Optional.of("offline")));
        link = new DeviceLink(broker.uri(), "barn-07-link-2");
    }

    private Optional<String> state() throws Exception {
        try (Database db = fixture.openDatabase(); Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT state FROM devices"); ResultSet r = p.executeQuery()) {
            r.next();
            return Optional.ofNullable(r.getString(1));
        }
    }

    private static ReportBody inflated(ReportBody b) {
        Emissions e = b.tally().emissions();
        Emissions more = new Emissions(e.co2Kg().add(BigDecimal.ONE), e.so2Kg(), e.noxKg(), e.pmKg(),
                e.co2ProjectKg(), e.co2NetKg(), e.grid());
        return new ReportBody(b.schema(), b.site(), b.device(), SiteKind.CURING_BARN, b.seq(), b.periodStart(),
                b.periodEnd(), b.clockSynced(), b.meter(), b.energyKwh(), new Accounting(b.tally().methodology(),
                b.tally().displaced(), more), b.sensitivity(), b.prevHash(), b.keyId());
    }
}
