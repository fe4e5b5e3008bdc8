package io.edgetally.registry.store;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.verify.EnrolledDevice;
import io.edgetally.protocol.verify.Enrolment;
import io.edgetally.protocol.verify.Enrolment.MethodologyKey;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enrolled devices and their keys, as the registry operator sets them ({@code enrol}, {@code revoke}), and a
 * snapshot of them for the ingest path.
 */
public final class Enrolments {

    /** One key of a device, current or revoked. */
    public record DeviceKey(String keyId, String publicKeyBase64, Instant enrolledAt, Optional<Instant> revokedAt) {
        public PublicKey publicKey() {
            return Ed25519Keys.fromBase64(publicKeyBase64);
        }
    }

    /** A device with its terms and every key it was enrolled with. */
    public record Device(String site, String device, Enrolment terms, List<DeviceKey> keys) {
        public Optional<DeviceKey> currentKey() {
            return keys.stream().filter(k -> k.revokedAt().isEmpty()).findFirst();
        }

        /** What the verifier checks reports against: empty when the device has no key in force. */
        public Optional<EnrolledDevice> enrolled() {
            return currentKey().map(k -> new EnrolledDevice(site, device, k.publicKey(), Optional.of(terms)));
        }

        public boolean revokedKey(String keyId) {
            return keys.stream().anyMatch(k -> k.keyId().equals(keyId) && k.revokedAt().isPresent());
        }
    }

    /** Every enrolled device at one moment, by {@code site/device}, with the version it was read at. */
    public record Snapshot(long version, Map<String, Device> devices) {
        public Optional<Device> find(String site, String device) {
            return Optional.ofNullable(devices.get(site + "/" + device));
        }
    }

    private final Database db;

    public Enrolments(Database db) {
        this.db = db;
    }

    /**
     * Enrols a device, or changes the terms of one enrolled with the same key. A device whose key in force is
     * another must be revoked first, so a key is never replaced silently.
     */
    public Device enrol(String site, String device, String publicKeyBase64, Enrolment terms, Instant now) {
        new DeviceTopics(site, device); // the same rules as topic levels, with the same message
        PublicKey key = Ed25519Keys.fromBase64(publicKeyBase64);
        Ed25519Verifier.of(key); // refuses a key that is not a usable curve point
        String raw = Ed25519Keys.toBase64(key);
        String keyId = Ed25519Keys.keyId(key);
        try (Connection c = db.connection()) {
            try {
                Optional<Device> existing = find(c, site, device);
                if (existing.isPresent()) {
                    Optional<DeviceKey> current = existing.get().currentKey();
                    if (current.isPresent() && !current.get().keyId().equals(keyId)) {
                        throw new StoreException(site + "/" + device + " is enrolled with key " + current.get().keyId()
                                + "; revoke it first (edgetally-registry revoke --site " + site + " --device "
                                + device + ")");
                    }
                    if (existing.get().keys().stream().anyMatch(k -> k.keyId().equals(keyId)
                            && k.revokedAt().isPresent())) {
                        throw new StoreException("key " + keyId + " of " + site + "/" + device
                                + " was revoked; a revoked key cannot be enrolled again");
                    }
                    try (PreparedStatement p = c.prepareStatement("UPDATE devices SET kind = ?, methodology = ?,"
                            + " sensitivity = ?, grid_region = ?, grid_year = ? WHERE site = ? AND device = ?")) {
                        setTerms(p, terms, 1);
                        p.setString(6, site);
                        p.setString(7, device);
                        p.executeUpdate();
                    }
                } else {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO devices (kind, methodology, sensitivity,"
                            + " grid_region, grid_year, site, device, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        setTerms(p, terms, 1);
                        p.setString(6, site);
                        p.setString(7, device);
                        p.setTimestamp(8, Timestamp.from(now));
                        p.executeUpdate();
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO device_keys (site, device, key_id,"
                        + " public_key, enrolled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    p.setString(1, site);
                    p.setString(2, device);
                    p.setString(3, keyId);
                    p.setString(4, raw);
                    p.setTimestamp(5, Timestamp.from(now));
                    p.executeUpdate();
                }
                bumpVersion(c);
                c.commit();
                return find(c, site, device).orElseThrow();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("enrolling " + site + "/" + device + ": " + e.getMessage(), e);
        }
    }

    /** Revokes the device's key in force; its reports accepted before stay stored and verifiable. */
    public DeviceKey revoke(String site, String device, Instant now) {
        try (Connection c = db.connection()) {
            try {
                Device d = find(c, site, device).orElseThrow(() -> new StoreException(site + "/" + device
                        + " is not enrolled"));
                DeviceKey k = d.currentKey().orElseThrow(() -> new StoreException(site + "/" + device
                        + " has no key in force (revoked already)"));
                try (PreparedStatement p = c.prepareStatement("UPDATE device_keys SET revoked_at = ? WHERE site = ?"
                        + " AND device = ? AND key_id = ?")) {
                    p.setTimestamp(1, Timestamp.from(now));
                    p.setString(2, site);
                    p.setString(3, device);
                    p.setString(4, k.keyId());
                    p.executeUpdate();
                }
                bumpVersion(c);
                c.commit();
                return new DeviceKey(k.keyId(), k.publicKeyBase64(), k.enrolledAt(), Optional.of(now));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("revoking the key of " + site + "/" + device + ": " + e.getMessage(), e);
        }
    }

    public Optional<Device> find(String site, String device) {
        try (Connection c = db.connection()) {
            Optional<Device> d = find(c, site, device);
            c.commit();
            return d;
        } catch (SQLException e) {
            throw new StoreException("reading the enrolment of " + site + "/" + device + ": " + e.getMessage(), e);
        }
    }

    /** The version counter alone: cheap to poll. */
    public long version() {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "SELECT version FROM enrolment_version WHERE id = 1"); ResultSet r = p.executeQuery()) {
            r.next();
            long v = r.getLong(1);
            c.commit();
            return v;
        } catch (SQLException e) {
            throw new StoreException("reading the enrolment version: " + e.getMessage(), e);
        }
    }

    /** Every device and key, read in one transaction. */
    public Snapshot snapshot() {
        try (Connection c = db.connection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long version;
            try (PreparedStatement p = c.prepareStatement("SELECT version FROM enrolment_version WHERE id = 1");
                 ResultSet r = p.executeQuery()) {
                r.next();
                version = r.getLong(1);
            }
            Map<String, List<DeviceKey>> keys = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT site, device, key_id, public_key, enrolled_at,"
                    + " revoked_at FROM device_keys ORDER BY enrolled_at"); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    keys.computeIfAbsent(r.getString(1) + "/" + r.getString(2), k -> new ArrayList<>()).add(key(r, 3));
                }
            }
            Map<String, Device> devices = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT site, device, kind, methodology, sensitivity,"
                    + " grid_region, grid_year FROM devices"); ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String address = r.getString(1) + "/" + r.getString(2);
                    devices.put(address, new Device(r.getString(1), r.getString(2), terms(r, 3),
                            List.copyOf(keys.getOrDefault(address, List.of()))));
                }
            }
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return new Snapshot(version, Map.copyOf(devices));
        } catch (SQLException e) {
            throw new StoreException("reading the enrolments: " + e.getMessage(), e);
        }
    }

    private static Optional<Device> find(Connection c, String site, String device) throws SQLException {
        Enrolment terms;
        try (PreparedStatement p = c.prepareStatement("SELECT kind, methodology, sensitivity, grid_region, grid_year"
                + " FROM devices WHERE site = ? AND device = ?")) {
            p.setString(1, site);
            p.setString(2, device);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                terms = terms(r, 1);
            }
        }
        List<DeviceKey> keys = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT key_id, public_key, enrolled_at, revoked_at FROM"
                + " device_keys WHERE site = ? AND device = ? ORDER BY enrolled_at")) {
            p.setString(1, site);
            p.setString(2, device);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    keys.add(key(r, 1));
                }
            }
        }
        return Optional.of(new Device(site, device, terms, List.copyOf(keys)));
    }

    private static DeviceKey key(ResultSet r, int col) throws SQLException {
        Timestamp revoked = r.getTimestamp(col + 3);
        return new DeviceKey(r.getString(col), r.getString(col + 1), r.getTimestamp(col + 2).toInstant(),
                Optional.ofNullable(revoked).map(Timestamp::toInstant));
    }

    private static Enrolment terms(ResultSet r, int col) throws SQLException {
        return new Enrolment(SiteKind.fromWireName(r.getString(col)), MethodologyKey.parse(r.getString(col + 1)),
                Optional.ofNullable(r.getString(col + 2)).map(MethodologyKey::parse), r.getString(col + 3),
                r.getInt(col + 4));
    }

    private static void setTerms(PreparedStatement p, Enrolment t, int at) throws SQLException {
        p.setString(at, t.kind().wireName());
        p.setString(at + 1, t.methodology().toString());
        p.setString(at + 2, t.sensitivity().map(MethodologyKey::toString).orElse(null));
        p.setString(at + 3, t.gridRegion());
        p.setInt(at + 4, t.gridYear());
    }

    private static void bumpVersion(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE enrolment_version SET version = version + 1")) {
            p.executeUpdate();
        }
    }
}
