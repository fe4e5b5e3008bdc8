package io.edgetally.cli;

import io.edgetally.config.ConfigException;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.site.ServiceLoop;
import io.edgetally.site.SimulatorClock;
import io.edgetally.site.SimulatorLink;
import io.edgetally.site.SiteHost;
import io.edgetally.site.Sites;
import io.edgetally.systemd.ServiceNotifier;
import io.edgetally.systemd.SystemdNotifier;
import java.io.PrintStream;
import io.edgetally.status.Versions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
        if (config.clock() == SiteConfig.ClockSource.SIMULATOR) {
            SimulatorLink link = simulator(config, file);
            SimulatorClock clock = new SimulatorClock(link.now().orElseThrow(() -> new ConfigException(file
                    + ": clock: simulator, but the simulator stopped answering as run started")));
            // acks are awaited in simulated time: hours of it pass in seconds
            SiteHost host = new SiteHost(clock, SiteHost.device().gpio(), SiteHost.device().durability(),
                    u -> u.withAckTimeout(SIMULATED_ACK_TIMEOUT), Optional.of(() -> true), c -> c,
                    fieldLink -> ServiceLoop.waitingOutTheSimulator(fieldLink, link));
            ServiceLoop.runInLockstep(Sites.start(config, file, host).service(), link, clock, config.cycle(),
                    notifier);
            return Cli.OK;
        }
        ServiceLoop.runUntilStopped(Sites.start(config, file, SiteHost.device()).service(), config.cycle(), notifier);
        return Cli.OK;
    }

    /** How long the uplink waits for an ack, in simulated time, when run follows the simulator. */
    private static final Duration SIMULATED_ACK_TIMEOUT = Duration.ofHours(6);

    /**
     * The simulator a {@code clock: simulator} config runs against: only a barn whose relay board is on a Modbus TCP
     * gateway that announces itself as edgetally's simulator; anything else is refused (exit 2), real I/O above all.
     */
    private static SimulatorLink simulator(SiteConfig config, Path file) {
        if (!(config instanceof SiteConfig.Barn)) {
            throw new ConfigException(file + ": 'clock: simulator' is for a barn run against 'edgetally sim barn "
                    + "--lockstep'; remove it");
        }
        IoConfig.MeterLink link = config.common().io().relayBoard().map(IoConfig.RelayBoardConfig::link)
                .orElseThrow(() -> new ConfigException(file + ": 'clock: simulator' needs the relay board on the "
                        + "simulator's Modbus TCP gateway (io.relay-board.tcp), as 'edgetally sim barn --lockstep' "
                        + "prints it; this config drives real I/O: remove 'clock: simulator'"));
        if (!(link instanceof IoConfig.MeterLink.Tcp tcp)) {
            throw new ConfigException(file + ": 'clock: simulator' needs io.relay-board on Modbus TCP (the "
                    + "simulator's gateway), not " + link + ": remove 'clock: simulator'");
        }
        try {
            return SimulatorLink.connect(tcp.host(), tcp.port());
        } catch (IllegalStateException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }
}
