package io.edgetally.cli;

import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.site.ServiceLoop;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.systemd.ServiceNotifier;
import io.edgetally.systemd.SystemdNotifier;
import java.io.PrintStream;
import io.edgetally.status.Versions;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edgetally run --config FILE}: the service on a real site. {@link Sites#start} builds and checks everything
 * before the first relay is switched; then {@link ServiceLoop} runs the control cycle at the configured period until
 * the process is stopped, when a barn's heat goes off, the cure's position is saved and the relays are released, and
 * a station sets every charger to 0 kW.
 */
public final class RunCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    private static final Usage USAGE = Usage.of("--config FILE", "the service on a real site (systemd runs it)",
            Usage.Option.value("config", "FILE", "the site's config, e.g. /etc/edgetally/edgetally.yaml"));

    @Override
    public Usage usage() {
        return USAGE;
    }

    @Override
    public int run(Args a, PrintStream out, PrintStream err) throws Exception {
        Path file = Path.of(a.required("config", "FILE"));
        LOG.info("edgetally {} starting: config {}", Versions.firmware(), file.toAbsolutePath());
        SiteConfig config = SiteConfig.load(file);
        LOG.info("{} {} at site {}: {}", config.kind().wireName(), config.device(), config.site(),
                RunSummary.of(config));
        ServiceNotifier notifier = SystemdNotifier.fromEnvironment(System.getenv());
        if (notifier instanceof SystemdNotifier sd) {
            sd.watchdogInterval().ifPresent(w -> {
                if (config.cycle().multipliedBy(2).compareTo(w) >= 0) {
                    throw new ConfigException(file + ": 'cycle' " + config.cycle().toSeconds() + " s is too long for"
                            + " the service watchdog of " + w.toSeconds() + " s: keep it under half of WatchdogSec");
                }
            });
        }
        ServiceLoop.runUntilStopped(Sites.start(config, file, SiteHost.device()).service(), config.cycle(), notifier);
        return Cli.OK;
    }
}
