package io.edgetally.cli;

import io.edgetally.config.SiteConfig;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.tally.DeviceKeys;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * {@code edgetally keys init|show}: the device's Ed25519 key that signs every tally record. {@code init} creates
 * it when there is none (never overwriting one) and prints the public key for enrolment with the registry;
 * {@code show} only prints it. The {@code device SITE/DEVICE} line comes from the config, or from the ledger in the
 * data folder; without either it is left out (the key alone is what the registry needs).
 */
public final class KeysCommand implements Command {

    /** {@code init} creates the key when there is none; {@code show} only reads it. */
    public enum Action {
        INIT,
        SHOW
    }

    /** The site's database in its data folder (as {@code Sites.start} names it). */
    private static final String LEDGER_FILE = "edgetally.db";

    private final Action action;

    public KeysCommand(Action action) {
        this.action = action;
    }

    @Override
    public Usage usage() {
        return Usage.of("(--data-dir DIR | --config FILE)", action == Action.INIT
                        ? "create the device's signing key (never overwriting one) and print its public key"
                        : "print the device's public key for enrolment with the registry",
                Usage.Option.value("data-dir", "DIR", "the device's data folder (its key is keys/device.key)"),
                Usage.Option.value("config", "FILE", "the site's config: its data folder, site and device"));
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) throws Exception {
        Optional<String> device;
        Path dataDir;
        if (a.option("config").isPresent()) {
            SiteConfig c = SiteConfig.load(Path.of(a.option("config").get()));
            dataDir = c.dataDir();
            device = Optional.of(c.site() + "/" + c.device());
        } else {
            dataDir = Path.of(a.option("data-dir").orElseThrow(
                    () -> new Cli.UsageException("give --data-dir DIR or --config FILE")));
            device = deviceInLedger(dataDir);
        }
        Path file = DeviceKeys.fileIn(dataDir);
        DeviceKeys keys;
        if (action == Action.INIT) {
            boolean existed = Files.exists(file);
            Files.createDirectories(file.getParent());
            keys = DeviceKeys.loadOrCreate(file);
            err.println(existed ? "device key " + file + " exists; kept" : "created device key " + file);
        } else {
            if (!Files.exists(file)) {
                err.println("edgetally keys show: no device key at " + file + "; create it with 'edgetally keys init'");
                return Cli.FAILED;
            }
            keys = DeviceKeys.load(file);
        }
        if (device.isEmpty()) {
            err.println("edgetally keys " + action.name().toLowerCase(Locale.ROOT) + ": " + dataDir + " has no tally"
                    + " record yet that names the site and device; give --config FILE to print the 'device' line too");
        }
        out.print(device.map(d -> "device " + d + "\n").orElse("") + keys.enrolmentText());
        return Cli.OK;
    }

    /**
     * {@code site/device} from the newest record of the ledger in {@code dataDir} (read only, never created), so a
     * data folder alone names whose key it holds; empty without a database or a record.
     */
    private static Optional<String> deviceInLedger(Path dataDir) {
        Path db = dataDir.resolve(LEDGER_FILE);
        if (!Files.isRegularFile(db)) {
            return Optional.empty();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT payload FROM tally_records ORDER BY seq DESC LIMIT 1")) {
            if (!r.next()) {
                return Optional.empty();
            }
            JsonObject record = Json.parseObject(r.getString(1));
            return Optional.of(record.string("site") + "/" + record.string("device"));
        } catch (SQLException | JsonException e) {
            return Optional.empty(); // not a ledger this command can read: the key is printed all the same
        }
    }
}
