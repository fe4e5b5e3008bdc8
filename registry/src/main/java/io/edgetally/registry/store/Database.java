package io.edgetally.registry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.edgetally.registry.config.RegistryConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The registry's PostgreSQL: a pool (HikariCP) over the configured JDBC URL, or over an embedded server when none
 * is configured, with the schema brought to the latest version on open (Flyway migrations in
 * {@code io/edgetally/registry/db/migration}: a folder of its own, since the simulator has the device's SQLite
 * migrations in {@code db/migration} on the same class path).
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final Optional<EmbeddedDatabase> embedded;

    private Database(HikariDataSource pool, Optional<EmbeddedDatabase> embedded) {
        this.pool = pool;
        this.embedded = embedded;
    }

    /** Opens the database the config names (or the embedded one) and migrates it. */
    public static Database open(RegistryConfig config) {
        if (config.database().isPresent()) {
            RegistryConfig.DatabaseUrl db = config.database().get();
            return open(db.url(), db.user(), db.password(), Optional.empty());
        }
        EmbeddedDatabase e = EmbeddedDatabase.open(config.dataDir().resolve("postgres"));
        try {
            return open(e.jdbcUrl(), e.user(), "", Optional.of(e));
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    public static Database open(String url, String user, String password) {
        return open(url, user, password, Optional.empty());
    }

    private static Database open(String url, String user, String password, Optional<EmbeddedDatabase> embedded) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setPoolName("registry");
        hc.setMaximumPoolSize(8);
        hc.setAutoCommit(false);
        hc.setConnectionTimeout(10_000);
        // start even while PostgreSQL is still coming up; every use retries until it answers
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:io/edgetally/registry/db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot prepare the registry database at " + url + ": " + reason(e), e);
        }
        return new Database(pool, embedded);
    }

    /**
     * What the operator can act on: the driver's own words (e.g. "Connection to 127.0.0.1:1 refused. Check that the
     * hostname and port are correct ..."), not Flyway's and the pool's multi-line wrappers around them.
     */
    private static String reason(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException && t.getMessage() != null) {
                deepest = t;
            }
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Where the embedded server listens, when one runs. */
    public Optional<Integer> embeddedPort() {
        return embedded.map(EmbeddedDatabase::port);
    }

    @Override
    public void close() {
        pool.close();
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
