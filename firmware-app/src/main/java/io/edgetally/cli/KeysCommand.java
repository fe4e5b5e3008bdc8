package io.edgetally.cli;

import io.edgetally.config.SiteConfig;
import io.edgetally.tally.DeviceKeys;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code edgetally keys init|show}: the device's Ed25519 key that signs every tally record. {@code init} creates
 * it when there is none (never overwriting one) and prints the public key for enrolment with the registry;
 * {@code show} only prints it.
 */
public final class KeysCommand implements Command {

    /** {@code init} creates the key when there is none; {@code show} only reads it. */
    public enum Action {
        INIT,
        SHOW
    }

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
        String site = "SITE";
        String device = "DEVICE";
        Path dataDir;
        if (a.option("config").isPresent()) {
            SiteConfig c = SiteConfig.load(Path.of(a.option("config").get()));
            dataDir = c.dataDir();
            site = c.site();
            device = c.device();
        } else {
            dataDir = Path.of(a.option("data-dir").orElseThrow(
                    () -> new Cli.UsageException("give --data-dir DIR or --config FILE")));
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
        out.print(keys.enrolmentText(site, device));
        return Cli.OK;
    }
}
