package io.edgetally.cli;

import io.edgetally.config.SiteConfig;
import io.edgetally.tally.DeviceKeys;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code edgetally keys init|show}: the device's Ed25519 key that signs every tally record. {@code init} creates
 * it when there is none (never overwriting one) and prints the public key for enrolment with the registry;
 * {@code show} only prints it.
 */
public final class KeysCommand implements Command {

    @Override
    public String summary() {
        return "init|show (--data-dir DIR | --config FILE)  the device signing key and its public key";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("data-dir", "config"), Set.of());
        if (a.positional().size() != 1 || !List.of("init", "show").contains(a.positional().get(0))) {
            throw new Cli.UsageException("expected 'keys init' or 'keys show'");
        }
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
        if (a.positional().get(0).equals("init")) {
            boolean existed = Files.exists(file);
            Files.createDirectories(file.getParent());
            keys = DeviceKeys.loadOrCreate(file);
            err.println(existed ? "device key " + file + " exists; kept" : "created device key " + file);
        } else {
            if (!Files.exists(file)) {
                err.println("edgetally keys: no device key at " + file + "; create it with 'edgetally keys init'");
                return Cli.FAILED;
            }
            keys = DeviceKeys.load(file);
        }
        out.print(keys.enrolmentText(site, device));
        return Cli.OK;
    }
}
