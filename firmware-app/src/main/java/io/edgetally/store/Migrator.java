package io.edgetally.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Applies the schema scripts {@code db/migration/V<n>__<name>.sql} (listed in {@code db/migration/index.txt})
 * in order, each in its own transaction, and records each with a checksum so an edited script that was already
 * applied is caught rather than silently diverging. A few dozen lines instead of a migration framework: the
 * schema is ours alone and the Pi's memory is small.
 */
final class Migrator {

    private static final String INDEX = "db/migration/index.txt";

    private final Connection c;

    Migrator(Connection c) {
        this.c = c;
    }

    void migrate() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                      version INTEGER PRIMARY KEY,
                      name TEXT NOT NULL,
                      sha256 TEXT NOT NULL,
                      applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))""");
        }
        int previous = 0;
        for (String script : scripts()) {
            int version = versionOf(script);
            if (version <= previous) {
                throw new StoreException(INDEX + ": " + script + " is out of order (versions must increase)");
            }
            previous = version;
            String sql = read("db/migration/" + script);
            String sha = sha256(sql);
            String applied = appliedChecksum(version);
            if (applied == null) {
                apply(version, script, sql, sha);
            } else if (!applied.equals(sha)) {
                throw new StoreException("schema script " + script + " changed after it was applied to this database"
                        + " (recorded sha256 " + applied + ", now " + sha + "): add a new script instead");
            }
        }
    }

    private void apply(int version, String script, String sql, String sha) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : splitStatements(sql)) {
                s.execute(statement);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_migrations(version, name, sha256) VALUES (?, ?, ?)")) {
                p.setInt(1, version);
                p.setString(2, script);
                p.setString(3, sha);
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("schema script " + script + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private String appliedChecksum(int version) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT sha256 FROM schema_migrations WHERE version = ?")) {
            p.setInt(1, version);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static List<String> scripts() {
        List<String> names = new ArrayList<>();
        for (String line : read(INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    private static int versionOf(String script) {
        int bar = script.indexOf("__");
        if (!script.startsWith("V") || bar < 2 || !script.endsWith(".sql")) {
            throw new StoreException(INDEX + ": '" + script + "' is not named V<number>__<name>.sql");
        }
        return Integer.parseInt(script.substring(1, bar));
    }

    /** Splits on semicolons at line ends; our scripts hold no triggers or semicolons inside literals. */
    static List<String> splitStatements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("schema resource " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new StoreException("reading schema resource " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
