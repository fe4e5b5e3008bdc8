package io.edgetally.sim.broker;

import io.edgetally.testkit.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's Mosquitto as a child process on a free loopback port, for the demos: the broker a registry operator runs
 * (MQTT 3.1.1 for the devices, MQTT 5 for the registry, which the embedded Moquette 0.17 does not speak). Its config
 * and log stay in the demo's folder; it is stopped with the demo.
 */
public final class MosquittoProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Where a {@code mosquitto} binary is (the PATH, or /usr/sbin where Debian puts it). */
    public static Optional<Path> binary() {
        return Executables.find("mosquitto");
    }

    /** Starts one listening on loopback only, its config and log in {@code dir}; refuses with the fix if missing. */
    public static MosquittoProcess start(Path dir) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException("the demo's registry needs an MQTT 5"
                + " broker and no mosquitto is installed (looked in PATH and /usr/sbin): sudo apt-get install"
                + " mosquitto"));
        try {
            Files.createDirectories(dir);
            int port = freePort();
            Path config = Files.writeString(dir.resolve("mosquitto.conf"), """
                    # written by the edgetally demo: a broker on loopback only, for this run
                    per_listener_settings false
                    allow_anonymous true
                    persistence false
                    max_queued_messages 100000
                    max_inflight_messages 100
                    log_dest stderr
                    listener %d 127.0.0.1
                    """.formatted(port));
            Path log = dir.resolve("mosquitto.log");
            // a demo killed with SIGKILL cannot stop its broker: a shell beside it stops it once this JVM is gone
            String watch = "\"$1\" -c \"$2\" & m=$!; trap 'kill $m; exit 0' TERM INT;"
                    + " while kill -0 \"$3\" 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 1; done; kill $m 2>/dev/null;"
                    + " wait $m";
            Process p = new ProcessBuilder("sh", "-c", watch, "mosquitto-watch", binary.toString(), config.toString(),
                    Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            MosquittoProcess m = new MosquittoProcess(p, port);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!accepts(port)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("mosquitto exited at start: " + Files.readString(log).strip());
                }
                if (System.nanoTime() > deadline) {
                    m.close();
                    throw new IllegalStateException("mosquitto did not listen on port " + port + " within "
                            + START_TIMEOUT.toSeconds() + " s; see " + log);
                }
                LockSupport.parkNanos(20_000_000);
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto in " + dir + ": " + e.getMessage(), e);
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        Executables.stop(process, Duration.ofSeconds(10));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
