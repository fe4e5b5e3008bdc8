package io.edgetally.uplink;

import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.mqtt.DeviceTopics;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the uplink needs to know, checked when built. Errors name the config key ({@code uplink.*}) and what
 * was expected, so the lead's config loader can pass them to the installer unchanged.
 *
 * @param brokerUri          {@code tcp://host:port} or {@code ssl://host:port} (key {@code uplink.broker})
 * @param clientId           MQTT client id, unique per broker ({@code uplink.clientId}); defaults to site-device
 * @param topics             site and device, the topic levels of every message
 * @param credentials        optional username and password file ({@code uplink.username}, {@code uplink.passwordFile})
 * @param tls                CA, client certificate and key, required with {@code ssl://} ({@code uplink.tls.*})
 * @param inFlightWindow     most reports published but not yet acknowledged by the registry ({@code uplink.inFlightWindow});
 *                           keep it well below the broker's per-client queue (Mosquitto's max_queued_messages,
 *                           1000 by default), or a slow registry makes the broker drop reports, which then wait
 *                           for the ack timeout to be sent again
 * @param maxReportsPerSecond replay pace; 0 means as fast as the window allows ({@code uplink.flushRate})
 * @param ackTimeout         with reports in flight and no ack for this long, re-send from the oldest un-acked one
 * @param backoffMin         first reconnect delay; doubles per failure up to {@code backoffMax}, with jitter
 * @param backoffMax         the cap of the reconnect delay
 * @param keepAlive          MQTT keep-alive
 * @param connectTimeout     how long one connect attempt may take
 * @param telemetryBacklog   most telemetry messages kept while offline; the oldest go first
 * @param registryKeys       the registry keys its signed acks must verify with ({@code uplink.registry-key}); empty:
 *                           acks are not authenticated (an older install), only kept from running ahead of what was
 *                           published
 */
public record UplinkConfig(URI brokerUri, String clientId, DeviceTopics topics, Optional<Credentials> credentials,
                           Optional<TlsFiles> tls, int inFlightWindow, int maxReportsPerSecond, Duration ackTimeout,
                           Duration backoffMin, Duration backoffMax, Duration keepAlive, Duration connectTimeout,
                           int telemetryBacklog, List<Ed25519Verifier> registryKeys) {

    /** Username and the file holding the password (readable by the service user only). */
    public record Credentials(String username, Path passwordFile) {
        public Credentials {
            if (username == null || username.isBlank()) {
                throw new UplinkConfigException("uplink.username: must not be empty when uplink.passwordFile is set");
            }
            Objects.requireNonNull(passwordFile, "uplink.passwordFile");
        }
    }

    /**
     * PEM files: the CA that signed the broker's certificate (pinned: no other CA is trusted), the device's
     * certificate and its PKCS#8 private key (readable by the service user only).
     */
    public record TlsFiles(Path caCertificate, Path clientCertificate, Path clientKey) {
        public TlsFiles {
            Objects.requireNonNull(caCertificate, "uplink.tls.ca");
            Objects.requireNonNull(clientCertificate, "uplink.tls.certificate");
            Objects.requireNonNull(clientKey, "uplink.tls.key");
        }
    }

    public UplinkConfig {
        registryKeys = List.copyOf(registryKeys);
        Objects.requireNonNull(brokerUri, "uplink.broker");
        Objects.requireNonNull(topics, "site and device");
        Objects.requireNonNull(credentials, "uplink.username");
        Objects.requireNonNull(tls, "uplink.tls");
        String scheme = brokerUri.getScheme();
        if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
            throw new UplinkConfigException("uplink.broker: expected tcp://host:port or ssl://host:port, was '"
                    + brokerUri + "'");
        }
        if (brokerUri.getHost() == null || brokerUri.getPort() < 1) {
            throw new UplinkConfigException("uplink.broker: '" + brokerUri + "' needs a host and a port,"
                    + " e.g. ssl://registry.example.org:8883");
        }
        if ("ssl".equals(scheme) && tls.isEmpty()) {
            throw new UplinkConfigException("uplink.broker is ssl:// but uplink.tls (ca, certificate, key) is not set");
        }
        if ("tcp".equals(scheme) && tls.isPresent()) {
            throw new UplinkConfigException("uplink.tls is set but uplink.broker is plain tcp://; use ssl://"
                    + brokerUri.getHost() + ":" + brokerUri.getPort());
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 64) {
            throw new UplinkConfigException("uplink.clientId: expected 1 to 64 characters, was '" + clientId + "'");
        }
        positive("uplink.inFlightWindow", inFlightWindow, 1, 65_000);
        positive("uplink.flushRate", maxReportsPerSecond, 0, 1_000_000);
        positive("uplink.telemetryBacklog", telemetryBacklog, 0, 10_000_000);
        for (var d : new Object[][] {{"uplink.ackTimeout", ackTimeout}, {"uplink.backoffMin", backoffMin},
                {"uplink.backoffMax", backoffMax}, {"uplink.keepAlive", keepAlive},
                {"uplink.connectTimeout", connectTimeout}}) {
            Duration value = (Duration) d[1];
            if (value == null || value.isNegative() || value.isZero()) {
                throw new UplinkConfigException(d[0] + ": expected a positive duration, was " + value);
            }
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new UplinkConfigException("uplink.backoffMax (" + backoffMax + ") must not be below uplink.backoffMin ("
                    + backoffMin + ")");
        }
    }

    private static void positive(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UplinkConfigException(key + ": expected a whole number from " + min + " to " + max + ", was " + value);
        }
    }

    /** A config with the defaults below; change what differs with the {@code with...} methods. */
    public static UplinkConfig of(String brokerUri, String site, String device) {
        return of(brokerUri, site, device, Optional.empty());
    }

    /** A TLS config ({@code ssl://} broker) with the defaults below. */
    public static UplinkConfig ofTls(String brokerUri, String site, String device, Path ca, Path certificate, Path key) {
        return of(brokerUri, site, device, Optional.of(new TlsFiles(ca, certificate, key)));
    }

    private static UplinkConfig of(String brokerUri, String site, String device, Optional<TlsFiles> tls) {
        URI uri;
        try {
            uri = new URI(brokerUri);
        } catch (URISyntaxException e) {
            throw new UplinkConfigException("uplink.broker: '" + brokerUri + "' is not a URI: " + e.getMessage());
        }
        DeviceTopics topics;
        try {
            topics = new DeviceTopics(site, device);
        } catch (IllegalArgumentException e) {
            throw new UplinkConfigException("site/device: " + e.getMessage());
        }
        return new UplinkConfig(uri, site + "-" + device, topics, Optional.empty(), tls,
                256, 0, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(10), 10_000, List.of());
    }

    public UplinkConfig withClientId(String id) {
        return new UplinkConfig(brokerUri, id, topics, credentials, tls, inFlightWindow, maxReportsPerSecond,
                ackTimeout, backoffMin, backoffMax, keepAlive, connectTimeout, telemetryBacklog, registryKeys);
    }

    public UplinkConfig withCredentials(String username, Path passwordFile) {
        return new UplinkConfig(brokerUri, clientId, topics, Optional.of(new Credentials(username, passwordFile)), tls,
                inFlightWindow, maxReportsPerSecond, ackTimeout, backoffMin, backoffMax, keepAlive, connectTimeout,
                telemetryBacklog, registryKeys);
    }

    public UplinkConfig withFlush(int window, int reportsPerSecond) {
        return new UplinkConfig(brokerUri, clientId, topics, credentials, tls, window, reportsPerSecond, ackTimeout,
                backoffMin, backoffMax, keepAlive, connectTimeout, telemetryBacklog, registryKeys);
    }

    public UplinkConfig withAckTimeout(Duration timeout) {
        return new UplinkConfig(brokerUri, clientId, topics, credentials, tls, inFlightWindow, maxReportsPerSecond,
                timeout, backoffMin, backoffMax, keepAlive, connectTimeout, telemetryBacklog, registryKeys);
    }

    public UplinkConfig withBackoff(Duration min, Duration max) {
        return new UplinkConfig(brokerUri, clientId, topics, credentials, tls, inFlightWindow, maxReportsPerSecond,
                ackTimeout, min, max, keepAlive, connectTimeout, telemetryBacklog, registryKeys);
    }

    public UplinkConfig withTelemetryBacklog(int messages) {
        return new UplinkConfig(brokerUri, clientId, topics, credentials, tls, inFlightWindow, maxReportsPerSecond,
                ackTimeout, backoffMin, backoffMax, keepAlive, connectTimeout, messages, registryKeys);
    }

    /** The same with acks checked against these registry keys (the registry's signing key, and a new one while it
     *  rotates). */
    public UplinkConfig withRegistryKeys(List<Ed25519Verifier> keys) {
        return new UplinkConfig(brokerUri, clientId, topics, credentials, tls, inFlightWindow, maxReportsPerSecond,
                ackTimeout, backoffMin, backoffMax, keepAlive, connectTimeout, telemetryBacklog, keys);
    }

    /** Whether acks must be signed by a registry key (a key is provisioned). */
    public boolean acksAuthenticated() {
        return !registryKeys.isEmpty();
    }

    /** Checks the secret and certificate files now (they may be provisioned after the config was read). */
    public void checkFiles() {
        credentials.ifPresent(c -> SecretFiles.requireOwnerOnly(c.passwordFile(), "uplink.passwordFile"));
        tls.ifPresent(t -> {
            SecretFiles.requireReadable(t.caCertificate(), "uplink.tls.ca");
            SecretFiles.requireReadable(t.clientCertificate(), "uplink.tls.certificate");
            SecretFiles.requireOwnerOnly(t.clientKey(), "uplink.tls.key");
        });
    }

    /**
     * The uplink a site's {@code uplink:} section describes: TLS with a client certificate when it names one, broker
     * credentials when it names a user, and every file it names checked readable now.
     */
    public static UplinkConfig forSite(SiteConfig.UplinkConfig u, String site, String device) {
        UplinkConfig base = u.caFile().isPresent() && u.certFile().isPresent()
                ? ofTls(u.broker(), site, device, u.caFile().get(), u.certFile().get(), u.keyFile().orElseThrow())
                : of(u.broker(), site, device);
        if (u.username().isPresent()) {
            base = base.withCredentials(u.username().get(), u.passwordFile().orElseThrow(() ->
                    new ConfigException("uplink.username needs uplink.password-file")));
        }
        base = base.withRegistryKeys(u.registryKeys().stream().map(Ed25519Verifier::ofBase64).toList());
        base.checkFiles();
        return base;
    }
}
