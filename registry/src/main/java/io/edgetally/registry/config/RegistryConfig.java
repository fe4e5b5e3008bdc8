package io.edgetally.registry.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything {@code edgetally-registry} reads from its config file ({@code /etc/edgetally-registry/registry.yaml}
 * on a server). Every key is named in the errors with its file and line.
 *
 * <pre>
 * mqtt:
 *   uri: tcp://127.0.0.1:1883
 *   clientId: registry-1        # one per instance; the broker keeps its session across restarts
 *   group: registry             # optional: several instances share the reports ($share/registry/...)
 *   sessionExpirySeconds: 120   # how long the broker keeps the session of an instance that is gone
 *                               # (default 604800, a week, alone; 120 in a group, see Mqtt#sessionExpiry)
 * database:                     # optional: without it an embedded PostgreSQL runs in dataDir
 *   url: jdbc:postgresql://127.0.0.1:5432/edgetally
 *   user: edgetally
 *   password: secret
 * dataDir: /var/lib/edgetally-registry
 * signingKey: /etc/edgetally-registry/registry-key.pem
 * http:
 *   listen: 127.0.0.1:8080
 * ingest:
 *   workers: 2                  # threads verifying reports
 *   batch: 500                  # reports per transaction at most
 * </pre>
 */
public record RegistryConfig(String file, Mqtt mqtt, Optional<DatabaseUrl> database, Path dataDir, Path signingKey,
                             Http http, Ingest ingest) {

    /**
     * The broker connection. {@code sessionExpiry}: how long the broker keeps this instance's session (its
     * subscriptions and the reports queued for it) after the connection is gone. Alone, long: the broker holds the
     * reports through a restart. In a group, short: Mosquitto keeps handing a gone instance its share of the reports
     * while its session lives, and those wait there (the devices publish them again from their last ack, half of
     * which again reach the gone session); once the session has expired, the instances still there get them all.
     */
    public record Mqtt(String uri, String clientId, Optional<String> group, Optional<String> username,
                       Optional<String> password, java.time.Duration sessionExpiry) {
        /** The report subscription: shared when a group is configured. */
        public String reportFilter() {
            String plain = io.edgetally.protocol.mqtt.DeviceTopics.everyDevice(
                    io.edgetally.protocol.mqtt.TopicKind.REPORT);
            return group.map(g -> "$share/" + g + "/" + plain).orElse(plain);
        }
    }

    public record DatabaseUrl(String url, String user, String password) {}

    public record Http(String host, int port) {}

    public record Ingest(int workers, int batch) {}

    public static RegistryConfig load(Path file) {
        return from(ConfigNode.load(file));
    }

    public static RegistryConfig parse(String name, String yaml) {
        return from(ConfigNode.parse(name, yaml));
    }

    private static RegistryConfig from(ConfigNode root) {
        root.allowOnly("mqtt", "database", "dataDir", "signingKey", "http", "ingest");
        ConfigNode m = root.section("mqtt").allowOnly("uri", "clientId", "group", "username", "password",
                "sessionExpirySeconds");
        String uri = m.string("uri");
        checkBrokerUri(m, uri);
        String clientId = m.string("clientId", "edgetally-registry");
        Optional<String> group = m.optionalString("group");
        if (group.isPresent() && !group.get().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw m.error("group", "a share name of letters, digits, '_', '.' or '-'", group.get());
        }
        int expiry = m.integer("sessionExpirySeconds", 0, Integer.MAX_VALUE, group.isPresent() ? 120 : 604_800);
        Mqtt mqtt = new Mqtt(uri, clientId, group, m.optionalString("username"), m.optionalString("password"),
                java.time.Duration.ofSeconds(expiry));

        Optional<DatabaseUrl> db = root.optionalSection("database").map(d -> {
            d.allowOnly("url", "user", "password");
            String url = d.string("url");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw d.error("url", "a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE)", url);
            }
            return new DatabaseUrl(url, d.string("user", ""), d.string("password", ""));
        });
        Path dataDir = Path.of(root.string("dataDir", "/var/lib/edgetally-registry"));
        Path key = Path.of(root.string("signingKey", dataDir.resolve("registry-key.pem").toString()));

        Http http = root.optionalSection("http").map(h -> {
            h.allowOnly("listen");
            String listen = h.string("listen");
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) {
                throw h.error("listen", "HOST:PORT, e.g. 127.0.0.1:8080", listen);
            }
            try {
                int port = Integer.parseInt(listen.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw h.error("listen", "a port from 0 to 65535", listen);
                }
                return new Http(listen.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw h.error("listen", "HOST:PORT, e.g. 127.0.0.1:8080", listen);
            }
        }).orElse(new Http("127.0.0.1", 8080));

        Ingest ingest = root.optionalSection("ingest").map(i -> {
            i.allowOnly("workers", "batch");
            return new Ingest(i.integer("workers", 1, 64, defaultWorkers()), i.integer("batch", 1, 10_000, 500));
        }).orElse(new Ingest(defaultWorkers(), 500));
        return new RegistryConfig(root.file(), mqtt, db, dataDir, key, http, ingest);
    }

    private static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static void checkBrokerUri(ConfigNode m, String uri) {
        try {
            URI u = new URI(uri);
            if (!"tcp".equals(u.getScheme()) && !"ssl".equals(u.getScheme()) || u.getHost() == null) {
                throw m.error("uri", "tcp://HOST:PORT or ssl://HOST:PORT", uri);
            }
        } catch (URISyntaxException e) {
            throw m.error("uri", "tcp://HOST:PORT or ssl://HOST:PORT", uri);
        }
    }
}
