package io.edgetally.registry.support;

import io.edgetally.registry.RegistryService;
import io.edgetally.registry.config.RegistryConfig;
import io.edgetally.registry.keys.RegistryKey;
import io.edgetally.registry.store.Database;
import io.edgetally.registry.store.Enrolments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/** A registry on a real broker and a real PostgreSQL database of its own, with its config file and key. */
public final class RegistryFixture {

    public final Path dir;
    public final String jdbcUrl;
    public final Path configFile;
    public final String brokerUri;

    public RegistryFixture(Path dir, String brokerUri, TestPostgres pg, String clientId, String group) {
        this(dir, brokerUri, pg.newDatabase(), pg.user(), clientId, group);
    }

    public RegistryFixture(Path dir, String brokerUri, String jdbcUrl, String user, String clientId, String group) {
        this(dir, brokerUri, jdbcUrl, user, clientId, group, 0, 2, 200);
    }

    public RegistryFixture(Path dir, String brokerUri, String jdbcUrl, String user, String clientId, String group,
                           int httpPort, int workers, int batch) {
        this(dir, brokerUri, jdbcUrl, user, clientId, group, httpPort, workers, batch, "");
    }

    /** {@code extraMqtt}: more keys of the mqtt section, each a line "  key: value\n". */
    public RegistryFixture(Path dir, String brokerUri, String jdbcUrl, String user, String clientId, String group,
                           int httpPort, int workers, int batch, String extraMqtt) {
        this.dir = dir;
        this.jdbcUrl = jdbcUrl;
        this.brokerUri = brokerUri;
        Path key = dir.resolve("registry-key.pem");
        if (!Files.exists(key)) {
            RegistryKey.create(key);
        }
        String yaml = """
                mqtt:
                  uri: %s
                  clientId: %s
                %sdatabase:
                  url: %s
                  user: %s
                dataDir: %s
                signingKey: %s
                http:
                  listen: 127.0.0.1:%d
                ingest:
                  workers: %d
                  batch: %d
                """.formatted(brokerUri, clientId, (group == null ? "" : "  group: " + group + "\n") + extraMqtt, jdbcUrl, user,
                dir, key, httpPort, workers, batch);
        try {
            configFile = Files.writeString(dir.resolve("registry-" + clientId + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RegistryConfig config() {
        return RegistryConfig.load(configFile);
    }

    public RegistryService start() throws Exception {
        return RegistryService.start(config(), Clock.systemUTC());
    }

    /** Enrols a test device with its own key and terms, through the same code as {@code registry enrol}. */
    public void enrol(TestDevice d) {
        try (Database db = Database.open(jdbcUrl, "postgres", "")) {
            new Enrolments(db).enrol(d.site, d.device, d.publicKey(), d.terms(), Instant.now());
        }
    }

    public Database openDatabase() {
        return Database.open(jdbcUrl, "postgres", "");
    }
}
