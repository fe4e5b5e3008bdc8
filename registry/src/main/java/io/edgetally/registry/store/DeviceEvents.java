package io.edgetally.registry.store;

import io.edgetally.protocol.mqtt.DeviceState;
import io.edgetally.protocol.mqtt.StateBirth;
import io.edgetally.protocol.mqtt.StateMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * What a batch files besides reports: the devices' state (a signed birth compared with the chain head: a missing
 * tail or a fork), their alarm messages, and the registry's own alarms.
 */
final class DeviceEvents {

    private DeviceEvents() {}

    static void state(Connection c, Incoming.State s, IngestStore.Head head, Instant now) throws SQLException {
        DeviceState state = s.message().state();
        if (s.message() instanceof StateMessage.Signed signed) {
            StateBirth b = signed.birth();
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET state = ?, state_at = ?, birth_seq = ?,"
                    + " birth_hash = ?, birth_at = ? WHERE site = ? AND device = ?")) {
                p.setString(1, state.word());
                p.setTimestamp(2, Timestamp.from(now));
                p.setLong(3, b.seq());
                p.setString(4, b.hash());
                p.setTimestamp(5, Timestamp.from(b.at()));
                p.setString(6, s.site());
                p.setString(7, s.device());
                p.executeUpdate();
            }
            if (b.seq() > head.seq()) {
                raise(c, s.site(), s.device(), "TAIL_MISSING", "the device announced seq " + b.seq() + " (hash "
                        + b.hash() + ") at " + b.at() + "; the registry holds 1.." + head.seq() + ": "
                        + (b.seq() - head.seq()) + " report(s) not received", now);
            } else if (b.seq() > 0) {
                Optional<String> held = storedHash(c, s.site(), s.device(), b.seq());
                if (held.isPresent() && !held.get().equals(b.hash())) {
                    raise(c, s.site(), s.device(), "FORK", "the device announced seq " + b.seq() + " with hash "
                            + b.hash() + "; the registry holds it with hash " + held.get(), now);
                }
                clearTailIfDelivered(c, s.site(), s.device(), head.seq(), now);
            }
        } else {
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET state = ?, state_at = ? WHERE site = ?"
                    + " AND device = ?")) {
                p.setString(1, state.word());
                p.setTimestamp(2, Timestamp.from(now));
                p.setString(3, s.site());
                p.setString(4, s.device());
                p.executeUpdate();
            }
        }
    }

    private static Optional<String> storedHash(Connection c, String site, String device, long seq)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT hash FROM reports WHERE site = ? AND device = ? AND"
                + " seq = ?")) {
            p.setString(1, site);
            p.setString(2, device);
            p.setLong(3, seq);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static void clearTailIfDelivered(Connection c, String site, String device, long headSeq, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE registry_alarms SET cleared_at = ?, cleared_by ="
                + " 'registry: the announced reports arrived' WHERE site = ? AND device = ? AND kind = 'TAIL_MISSING'"
                + " AND cleared_at IS NULL AND EXISTS (SELECT 1 FROM devices d WHERE d.site = ? AND d.device = ? AND"
                + " d.birth_seq <= ?)")) {
            p.setTimestamp(1, Timestamp.from(now));
            p.setString(2, site);
            p.setString(3, device);
            p.setString(4, site);
            p.setString(5, device);
            p.setLong(6, headSeq);
            p.executeUpdate();
        }
    }

    /** Opens a registry alarm, or refreshes the message of the open one of that kind. */
    static void raise(Connection c, String site, String device, String kind, String message, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO registry_alarms (site, device, kind, message,"
                + " raised_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (site, device, kind) WHERE cleared_at IS NULL"
                + " DO UPDATE SET message = EXCLUDED.message")) {
            p.setString(1, site);
            p.setString(2, device);
            p.setString(3, kind);
            p.setString(4, message);
            p.setTimestamp(5, Timestamp.from(now));
            p.executeUpdate();
        }
    }

    static void alarm(Connection c, Incoming.Alarm a, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO device_alarms (site, device, code, event, at,"
                + " payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            p.setString(1, a.site());
            p.setString(2, a.device());
            p.setString(3, a.code());
            p.setString(4, a.event());
            p.setString(5, a.at());
            p.setString(6, a.payload());
            p.setTimestamp(7, Timestamp.from(now));
            p.executeUpdate();
        }
    }
}
