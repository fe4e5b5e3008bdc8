package io.edgetally.cli;

import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.site.RunningSite;
import io.edgetally.site.ServiceLoop;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.systemd.ServiceNotifier;
import io.edgetally.systemd.SystemdNotifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code edgetally run --config FILE}: the service on a real site. {@link Sites#start} builds and checks everything
 * before the first relay is switched; then {@link ServiceLoop} runs the control cycle at the configured period until
 * the process is stopped, when a barn's heat goes off, the cure's position is saved and the relays are released, and
 * a station sets every charger to 0 kW.
 */
public final class RunCommand implements Command {

    @Override
    public String summary() {
        return "--config FILE  the service on a real site (systemd runs it)";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("config"), Set.of());
        Path file = Path.of(a.option("config").orElseThrow(() -> new Cli.UsageException("--config FILE is needed")));
        SiteConfig config = SiteConfig.load(file);
        ServiceNotifier notifier = SystemdNotifier.fromEnvironment(System.getenv());
        if (notifier instanceof SystemdNotifier sd) {
            sd.watchdogInterval().ifPresent(w -> {
                if (config.cycle().multipliedBy(2).compareTo(w) >= 0) {
                    throw new ConfigException(file + ": 'cycle' " + config.cycle().toSeconds() + " s is too long for"
                            + " the service watchdog of " + w.toSeconds() + " s: keep it under half of WatchdogSec");
                }
            });
        }
        RunningSite site = Sites.start(config, file, SiteHost.device());
        ServiceLoop.runUntilStopped(site, config.cycle(), notifier);
        return Cli.OK;
    }
}
