package io.edgetally.registry.support;

import static org.awaitility.Awaitility.await;

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

/** A real Mosquitto process on a free loopback port, for tests; its config and log stay in the test's folder. */
public final class MosquittoBroker implements AutoCloseable {

    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;

    public MosquittoBroker(Path dir) {
        this(dir, "");
    }

    /** With {@code extraSettings} (mosquitto.conf lines) after the test's own, e.g. a benchmark's limits. */
    public MosquittoBroker(Path dir, String extraSettings) {
        this.dir = dir;
        this.port = freePort();
        try {
            config = Files.writeString(dir.resolve("mosquitto.conf"), """
                    per_listener_settings false
                    allow_anonymous true
                    persistence false
                    user root
                    max_queued_messages 1000000
                    max_inflight_messages 1000
                    log_dest stderr
                    listener %d 127.0.0.1
                    %s
                    """.formatted(port, extraSettings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public static boolean installed() {
        return binary().isPresent();
    }

    private static Optional<Path> binary() {
        return Executables.find("mosquitto");
    }

    /** The broker's process id, while it runs (for CPU accounting in benchmarks). */
    public synchronized long pid() {
        return process.pid();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public synchronized void start() {
        try {
            process = new ProcessBuilder(binary().orElseThrow(() -> new IllegalStateException(
                    "mosquitto is not installed (Debian package mosquitto)")).toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            return accepts(port);
        });
    }

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

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
