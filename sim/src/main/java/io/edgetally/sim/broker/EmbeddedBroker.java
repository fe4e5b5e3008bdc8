package io.edgetally.sim.broker;

import io.edgetally.uplink.tls.Pem;
import io.edgetally.uplink.tls.TlsContexts;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import javax.net.ssl.SSLException;

/**
 * An MQTT 3.1.1 broker (Moquette) in this JVM for the demo and tests: listens on loopback only, a plain port and
 * optionally a TLS port that requires a client certificate signed by the given CA. It keeps sessions in memory
 * (a restart forgets them, as a real broker without persistence would) and writes nothing to the working folder:
 * Moquette's data path is a temporary folder removed on {@link #close()}. Its phone-home telemetry is off.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** PEM files for the TLS listener: the CA that signs client certificates, the server's chain and key. */
    public record TlsListener(Path caCertificate, Path serverCertificate, Path serverKey) {}

    private final Optional<TlsListener> tls;
    private final Path dataPath;
    private final int port;
    private final int tlsPort;
    private Server server;

    private EmbeddedBroker(int port, int tlsPort, Optional<TlsListener> tls) {
        // Moquette reports the configured port, not the bound one: choose free ports here, keep them for restarts
        this.port = port == 0 ? freePort() : port;
        this.tlsPort = tls.isPresent() && tlsPort == 0 ? freePort() : tlsPort;
        this.tls = tls;
        try {
            this.dataPath = Files.createTempDirectory("edgetally-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's temporary folder", e);
        }
    }

    /** A plain listener on {@code port} (0: a free one). */
    public static EmbeddedBroker startPlain(int port) {
        EmbeddedBroker b = new EmbeddedBroker(port, 0, Optional.empty());
        b.start();
        return b;
    }

    /** A plain listener and a TLS listener requiring client certificates (0: free ports). */
    public static EmbeddedBroker startWithTls(int port, int tlsPort, TlsListener tls) {
        EmbeddedBroker b = new EmbeddedBroker(port, tlsPort, Optional.of(tls));
        b.start();
        return b;
    }

    /** Starts (again) on the same ports as before, so clients reconnect to the address they know. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the broker is already running on port " + port);
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("data_path", dataPath.toString());
        p.setProperty("telemetry_enabled", "false");
        // MQTT 3.1.1 (3.1.3.1) lets a client with a clean session send an empty client id and have the broker assign
        // one; Debian's mosquitto_sub and mosquitto_pub do exactly that unless given -i
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("buffer_flush_millis", "0");
        p.setProperty("netty.mqtt.message_size", Integer.toString(256 * 1024));
        tls.ifPresent(t -> {
            p.setProperty("ssl_port", Integer.toString(tlsPort));
            p.setProperty("need_client_auth", "true");
        });
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(p), List.of(), tls.isPresent() ? this::sslContext : null, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded broker could not start on 127.0.0.1:" + port, e);
        }
        server = s;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the broker", e);
        }
    }

    /** Stops abruptly for clients (their sessions and queued messages are gone, as after a crash). */
    public synchronized void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public String plainUri() {
        return "tcp://127.0.0.1:" + port;
    }

    public String tlsUri() {
        if (tls.isEmpty()) {
            throw new IllegalStateException("this broker has no TLS listener");
        }
        return "ssl://127.0.0.1:" + tlsPort;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataPath)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the broker's temporary folder " + dataPath, e);
        }
    }

    private SslContext sslContext() {
        TlsListener t = tls.orElseThrow();
        List<X509Certificate> chain = Pem.certificates(t.serverCertificate());
        try {
            return SslContextBuilder.forServer(Pem.privateKey(t.serverKey()), chain.toArray(new X509Certificate[0]))
                    .trustManager(TlsContexts.trustOnly(Pem.certificates(t.caCertificate())))
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException | GeneralSecurityException e) {
            throw new IllegalStateException("broker TLS from " + t.serverCertificate() + ": " + e.getMessage(), e);
        }
    }
}
