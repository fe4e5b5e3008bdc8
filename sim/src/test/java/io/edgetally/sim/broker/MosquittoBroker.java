package io.edgetally.sim.broker;

import io.edgetally.testkit.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * A real Mosquitto process on free loopback ports with a generated config, for tests. Only where the
 * {@code mosquitto} binary is installed ({@link #installed()}); everything it writes stays in the test's folder.
 */
public final class MosquittoBroker implements BrokerUnderTest {

    /** PEM files for a TLS listener that requires client certificates signed by {@code ca}. */
    public record Tls(Path ca, Path serverCertificate, Path serverKey) {}

    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private final int tlsPort;
    private Process process;

    public MosquittoBroker(Path dir, Optional<Tls> tls) {
        this(dir, tls, Optional.empty());
    }

    /**
     * A Mosquitto that bridges to the device's broker at {@code deviceBroker} (MQTT 3.1.1, e.g. the embedded
     * Moquette): the devices' reports, state, alarms and telemetry come in, the registry's acks go out. The registry
     * (an MQTT 5 client) connects here; the device keeps its own broker, which a test may stop and start.
     */
    public static MosquittoBroker bridgedTo(Path dir, String deviceBroker) {
        return new MosquittoBroker(dir, Optional.empty(), Optional.of(deviceBroker));
    }

    private MosquittoBroker(Path dir, Optional<Tls> tls, Optional<String> bridgeTo) {
        this.dir = dir;
        this.port = freePort();
        this.tlsPort = tls.isPresent() ? freePort() : 0;
        StringBuilder conf = new StringBuilder("""
                per_listener_settings false
                allow_anonymous true
                persistence false
                user root
                max_queued_messages 100000
                max_inflight_messages 100
                log_dest stderr
                listener %d 127.0.0.1
                """.formatted(port));
        tls.ifPresent(t -> conf.append("""
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                """.formatted(tlsPort, t.ca(), t.serverCertificate(), t.serverKey())));
        bridgeTo.ifPresent(uri -> conf.append("""
                connection device-broker
                address %s
                bridge_protocol_version mqttv311
                cleansession true
                try_private false
                restart_timeout 1
                topic edgetally/v1/+/+/report in 1
                topic edgetally/v1/+/+/state in 1
                topic edgetally/v1/+/+/alarm in 1
                topic edgetally/v1/+/+/telemetry in 0
                topic edgetally/v1/+/+/ack out 1
                """.formatted(uri.substring("tcp://".length()))));
        log = dir.resolve(bridgeTo.isPresent() ? "mosquitto-bridge.log" : "mosquitto.log");
        try {
            config = Files.writeString(dir.resolve(bridgeTo.isPresent() ? "mosquitto-bridge.conf" : "mosquitto.conf"),
                    conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** Whether a {@code mosquitto} binary is on the PATH (or in /usr/sbin, where Debian puts it). */
    public static boolean installed() {
        return binary().isPresent();
    }

    private static Optional<Path> binary() {
        return Executables.find("mosquitto");
    }

    @Override
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    @Override
    public synchronized void start() {
        if (process != null) {
            throw new IllegalStateException("mosquitto already runs on port " + port);
        }
        try {
            process = new ProcessBuilder(binary().orElseThrow().toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
            }
            return accepts(port);
        });
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            Executables.stop(process, Duration.ofSeconds(10));
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
