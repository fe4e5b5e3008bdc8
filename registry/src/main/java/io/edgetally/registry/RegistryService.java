package io.edgetally.registry;

import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.registry.config.RegistryConfig;
import io.edgetally.registry.http.FleetServer;
import io.edgetally.registry.ingest.Ingest;
import io.edgetally.registry.ingest.IngestStats;
import io.edgetally.registry.keys.RegistryKey;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.store.FleetQueries;
import io.edgetally.registry.store.IngestStore;
import java.time.Clock;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The running registry, composed in one place: database, enrolments, ingest over MQTT, the fleet page and its
 * JSON API. {@code edgetally-registry serve} builds one; tests build one on their own broker and database.
 */
public final class RegistryService implements AutoCloseable {

    private final Database db;
    private final Ingest ingest;
    private final FleetServer http;
    private final IngestStats stats = new IngestStats();
    private final Ed25519Signer key;

    private RegistryService(RegistryConfig config, Database db, Clock clock) {
        this.db = db;
        this.key = RegistryKey.load(config.signingKey());
        MethodologyRegistry methodologies = MethodologyRegistry.builtIn();
        this.ingest = new Ingest(config, new Enrolments(db), new IngestStore(db), methodologies, key, clock, stats);
        this.http = new FleetServer(config.http(), new FleetQueries(db, clock), stats, ingest::connected);
    }

    /** Opens the database, starts the HTTP server, connects to the broker and starts filing. */
    public static RegistryService start(RegistryConfig config, Clock clock) throws MqttException {
        Database db = Database.open(config);
        RegistryService s;
        try {
            s = new RegistryService(config, db, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        try {
            s.http.start();
            s.ingest.start();
        } catch (MqttException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public Database database() {
        return db;
    }

    public IngestStats stats() {
        return stats;
    }

    /** The port the HTTP server listens on (the config's, or the one the system chose for port 0). */
    public int httpPort() {
        return http.port();
    }

    public boolean connected() {
        return ingest.connected();
    }

    public Ed25519Signer registryKey() {
        return key;
    }

    @Override
    public void close() {
        ingest.close();
        http.close();
        db.close();
    }
}
