package io.edgetally.cli;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import io.edgetally.alarm.AlarmRelay;
import io.edgetally.barn.BarnLedgerLink;
import io.edgetally.barn.BarnSite;
import io.edgetally.barn.BarnStatus;
import io.edgetally.barn.curing.CurePositionStore;
import io.edgetally.barn.curing.CureStore;
import io.edgetally.barn.io.BarnIo;
import io.edgetally.barn.io.BarnWiring;
import io.edgetally.config.BarnConfig;
import io.edgetally.config.ConfigException;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.wiring.Meters;
import io.edgetally.site.CycleRunner;
import io.edgetally.station.StationService;
import io.edgetally.status.StatusEndpoint;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.status.Versions;
import io.edgetally.store.Database;
import io.edgetally.systemd.ServiceNotifier;
import io.edgetally.systemd.SystemdNotifier;
import io.edgetally.tally.ClockSync;
import io.edgetally.tally.DeviceKeys;
import io.edgetally.tally.TallyService;
import io.edgetally.uplink.UplinkConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edgetally run --config FILE}: the service on a real site. Everything is built and checked before the
 * first relay is switched; then the control cycle runs at the configured period until the process is stopped,
 * when the heat goes off, the cure's position is saved and the relays are released. A swap station
 * ({@link StationService}) sets every charger to 0 kW when it stops.
 */
public final class RunCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
        switch (config) {
            case SiteConfig.Station station -> runStation(station, file, notifier, Clock.systemUTC());
            case SiteConfig.Barn barn -> runBarn(barn, file, notifier, Clock.systemUTC());
        }
        return Cli.OK;
    }

    private static void runStation(SiteConfig.Station config, Path file, ServiceNotifier notifier, Clock clock)
            throws InterruptedException {
        StationService station = StationService.start(config, file, clock);
        CycleRunner runner = new CycleRunner("station-cycle", station::cycle, notifier::watchdog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notifier.stopping();
            LOG.info("stopping: every charger to 0 kW");
            runner.close();
            station.close();
            stopped.countDown();
        }, "edgetally-stop"));
        runner.start(config.cycle());
        notifier.ready();
        notifier.status("swap station " + config.site() + "; CoAP " + station.coap().coapUri());
        LOG.info("running: swap station {}, cycle {} s, CoAP {}", config.site(), config.cycle().toSeconds(),
                station.coap().coapUri());
        stopped.await();
    }

    private static void runBarn(SiteConfig.Barn config, Path file, ServiceNotifier notifier, Clock clock)
            throws InterruptedException {
        BarnConfig barn = config.barn();
        Path configDir = file.toAbsolutePath().getParent();
        var schedule = BarnWiring.schedule(barn, configDir);
        Optional<UplinkConfig> uplink = config.uplink().map(u -> UplinkConfig.forSite(u, config.site(), config.device()));
        StatusEndpointConfig coapConfig = StatusEndpointConfig.forSite(config.coap());
        Database db = Database.open(config.dataDir().resolve("edgetally.db"));
        // GPIO only when relays or inputs are on the Pi's header; a barn may be wired to a Modbus relay board alone
        Optional<Context> pi4j = config.io().gpio().relays().isEmpty() && config.io().gpio().inputs().isEmpty()
                && config.io().meters().stream().noneMatch(m -> m.link() instanceof IoConfig.MeterLink.S0)
                ? Optional.empty() : Optional.of(gpioContext());
        Optional<GpioBoard> board = pi4j.map(c -> new GpioBoard(c, config.io().gpio().provider() + "-digital-output",
                config.io().gpio().provider() + "-digital-input"));
        ModbusLinks links = new ModbusLinks(clock);
        BarnIo io = BarnWiring.io(config, board, links, clock);
        EnergyMeter meter = Meters.open(config.io().meters().get(0), links, board, config.dataDir(), clock);
        TallyService services = TallyService.start(config, db, DeviceKeys.fileIn(config.dataDir()), uplink,
                ClockSync.fromFlag(config.clockSyncFile()), clock, alarm -> LOG.warn("uplink alarm: {}", alarm));
        BarnSite site = BarnSite.startOrResume(clock, io, meter, new CureStore(db), new CurePositionStore(db),
                schedule, BarnWiring.tuning(barn), OptionalDouble.of(barn.freshLeafKg()), Duration.ofMinutes(1));
        if (site.resumed()) {
            services.continueBatch(site.batchStartedAt());
        } else {
            services.startBatch();
        }
        BarnStatus status = new BarnStatus(() -> site, config.site(), config.device(), Versions.firmware(), clock,
                services);
        site.addListener(new BarnLedgerLink(site, services));
        AlarmRelay alarms = new AlarmRelay(site::activeAlarms, services::publishAlarm, clock);
        site.addListener((state, reading, events) -> alarms.afterCycle());
        site.addListener(status);
        StatusEndpoint coap = StatusEndpoint.start(coapConfig, status, status, clock);
        CycleRunner runner = new CycleRunner("barn-cycle", site::cycle, notifier::watchdog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            notifier.stopping();
            LOG.info("stopping: heat off, position saved, relays released");
            runner.close();
            io.safeState();
            site.flush();
            coap.close();
            services.close();
            meter.close();
            links.close();
            board.ifPresent(GpioBoard::close);
            pi4j.ifPresent(Context::shutdown);
            db.close();
            stopped.countDown();
        }, "edgetally-stop"));
        runner.start(config.cycle());
        notifier.ready();
        notifier.status("curing batch " + site.batchId() + " (" + schedule.id() + "); CoAP " + coap.coapUri());
        LOG.info("running: batch {} ({}), cycle {} s, CoAP {}", site.batchId(), schedule.id(),
                config.cycle().toSeconds(), coap.coapUri());
        stopped.await();
    }

    /** The GPIO providers on the class path (gpiod and linuxfs on a device; mock in the simulator's). */
    private static Context gpioContext() {
        return Pi4J.newContextBuilder().autoDetect().build();
    }
}
