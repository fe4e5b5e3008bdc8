package io.edgetally.sim.registry;

import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.verify.Enrolment;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.keys.RegistryKey;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestPostgres;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.tally.DeviceKeys;
import io.edgetally.uplink.TallyRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry that ships ({@code registry} module), running in the test's JVM on a real PostgreSQL database of its
 * own and the given broker (an MQTT 5 broker: Mosquitto), with what the device tests ask of it: enrol a device,
 * stop and start it on the same database, and read what it holds.
 */
public final class RegistryUnderTest implements AutoCloseable {

    /** A report as the registry stored it: the payload byte for byte as received. */
    public record Held(long seq, String hash, String payload) {}

    private final RegistryFixture fixture;
    private final Database db;
    private final Optional<MosquittoBroker> bridge;
    private RegistryService service;

    private RegistryUnderTest(RegistryFixture fixture, Optional<MosquittoBroker> bridge) {
        this.fixture = fixture;
        this.bridge = bridge;
        this.db = fixture.openDatabase();
    }

    /** A registry on {@code brokerUri} (MQTT 5: Mosquitto) with a fresh database, files in {@code dir}; started. */
    public static RegistryUnderTest start(Path dir, String brokerUri) throws Exception {
        RegistryUnderTest r = new RegistryUnderTest(new RegistryFixture(dir, brokerUri, TestPostgres.shared(),
                "registry-under-test", null), Optional.empty());
        r.start();
        return r;
    }

    /**
     * A registry for devices on an MQTT 3.1.1 broker ({@code deviceBroker}, the embedded Moquette): it runs on a
     * Mosquitto of its own that bridges the devices' topics from that broker, as a registry behind a site's broker
     * would. The device broker may be stopped and started; the bridge reconnects.
     */
    public static RegistryUnderTest bridgedTo(Path dir, String deviceBroker) throws Exception {
        MosquittoBroker bridge = MosquittoBroker.bridgedTo(dir, deviceBroker);
        try {
            RegistryUnderTest r = new RegistryUnderTest(new RegistryFixture(dir, bridge.uri(), TestPostgres.shared(),
                    "registry-under-test", null), Optional.of(bridge));
            r.start();
            return r;
        } catch (Exception | Error e) {
            bridge.close();
            throw e;
        }
    }

    /** Where the registry itself connects. */
    public String brokerUri() {
        return fixture.brokerUri;
    }

    public synchronized void start() throws Exception {
        if (service == null) {
            service = fixture.start();
        }
    }

    /** Stops the registry process's work (its database stays). */
    public synchronized void stop() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    /** Enrols a curing barn booked as {@link TallyRows} books: sichuan-2023-thermal at the Sichuan 2022 factor. */
    public void enrol(String site, String device, String publicKeyBase64) {
        enrol(site, device, publicKeyBase64, Enrolment.of(SiteKind.CURING_BARN, TallyRows.PLAN));
    }

    public void enrol(String site, String device, String publicKeyBase64, Enrolment terms) {
        new Enrolments(db).enrol(site, device, publicKeyBase64, terms, Instant.now());
    }

    /**
     * Enrols the device a site config describes, with the key in its data folder (created now if the service has
     * not created it yet) and the terms its ledger books with, as an operator would from the device's
     * {@code keys show} and its config.
     */
    public void enrolSite(SiteConfig config) {
        String key = DeviceKeys.loadOrCreate(DeviceKeys.fileIn(config.dataDir())).publicKeyBase64();
        SiteConfig.LedgerConfig l = config.ledger();
        enrol(config.site(), config.device(), key, new Enrolment(config.kind(),
                new Enrolment.MethodologyKey(l.methodology(), "1"),
                l.sensitivity().map(s -> new Enrolment.MethodologyKey(s, "1")), l.gridRegion(), l.gridYear()));
    }

    /** The registry's signing key: what a device is provisioned with. */
    public Ed25519Signer key() {
        return RegistryKey.load(fixture.dir.resolve("registry-key.pem"));
    }

    public String publicKey() {
        return Ed25519Keys.toBase64(key().publicKey());
    }

    /** Every report held for the device, verified, in seq order. */
    public List<Held> reports(String site, String device) {
        return query("SELECT seq, hash, payload FROM reports WHERE site = ? AND device = ? ORDER BY seq", site, device,
                r -> new Held(r.getLong(1), r.getString(2), new String(r.getBytes(3),
                        java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The highest seq N such that 1..N are all stored: what the device is acknowledged. */
    public long highestContiguous(String site, String device) {
        return query("SELECT head_seq FROM devices WHERE site = ? AND device = ?", site, device, r -> r.getLong(1))
                .stream().findFirst().orElse(0L);
    }

    /** Messages of the device the registry refused (reports and state), with their reasons. */
    public List<String> rejections(String site, String device) {
        return query("SELECT reason_kind || ' ' || reason FROM rejections WHERE site = ? AND device = ? ORDER BY id",
                site, device, r -> r.getString(1));
    }

    /** How many deliveries of a report already stored the registry counted (and did not store again). */
    public long duplicates(String site, String device) {
        return query("SELECT coalesce(sum(duplicates), 0) FROM reports WHERE site = ? AND device = ?", site, device,
                r -> r.getLong(1)).getFirst();
    }

    /** The device's state as the registry last took it from the state topic. */
    public Optional<String> state(String site, String device) {
        return query("SELECT state FROM devices WHERE site = ? AND device = ?", site, device, r -> r.getString(1))
                .stream().findFirst().flatMap(Optional::ofNullable);
    }

    /** The chain head the device announced in its signed birth. */
    public Optional<Long> announcedSeq(String site, String device) {
        return query("SELECT birth_seq FROM devices WHERE site = ? AND device = ?", site, device,
                r -> (Long) r.getObject(1)).stream().findFirst().flatMap(Optional::ofNullable);
    }

    /** The device's alarm messages (JSON, each once), oldest first. */
    public List<String> alarms(String site, String device) {
        return query("SELECT payload FROM device_alarms WHERE site = ? AND device = ? ORDER BY at, received_at",
                site, device, r -> r.getString(1));
    }

    /** The registry's own open alarms about the device: kind and message. */
    public List<String> registryAlarms(String site, String device) {
        return query("SELECT kind || ' ' || message FROM registry_alarms WHERE site = ? AND device = ?"
                + " AND cleared_at IS NULL ORDER BY id", site, device, r -> r.getString(1));
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String sql, String site, String device, Row<T> row) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, site);
            p.setString(2, device);
            List<T> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(row.read(r));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the registry's database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
        db.close();
        bridge.ifPresent(MosquittoBroker::close);
    }
}
