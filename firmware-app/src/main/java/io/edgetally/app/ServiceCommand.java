package io.edgetally.app;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import io.edgetally.barn.BarnIo;
import io.edgetally.barn.BarnLedgerLink;
import io.edgetally.barn.BarnSite;
import io.edgetally.barn.BarnStatus;
import io.edgetally.barn.BarnWiring;
import io.edgetally.config.ConfigException;
import io.edgetally.config.SiteConfig;
import io.edgetally.curing.CurePositionStore;
import io.edgetally.curing.CureStore;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.protocol.SiteKind;
import io.edgetally.service.ServiceNotifier;
import io.edgetally.service.SystemdNotifier;
import io.edgetally.status.OperatorKey;
import io.edgetally.status.StatusEndpoint;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.store.Database;
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
public final class ServiceCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceCommand.class);

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
        if (config.kind() == SiteKind.SWAP_STATION) {
            runStation(config, file, notifier, Clock.systemUTC());
        } else {
            runBarn(config, file, notifier, Clock.systemUTC());
        }
        return Cli.OK;
    }

    private static void runStation(SiteConfig config, Path file, ServiceNotifier notifier, Clock clock)
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

    private static void runBarn(SiteConfig config, Path file, ServiceNotifier notifier, Clock clock)
            throws InterruptedException {
        SiteConfig.BarnConfig barn = config.barn().orElseThrow();
        Path configDir = file.toAbsolutePath().getParent();
        var schedule = BarnWiring.schedule(barn, configDir);
        Optional<UplinkConfig> uplink = config.uplink().map(u -> uplinkConfig(u, config));
        StatusEndpointConfig coapConfig = coapConfig(config.coap());
        Database db = Database.open(config.dataDir().resolve("edgetally.db"));
        // GPIO only when relays or inputs are on the Pi's header; a barn may be wired to a Modbus relay board alone
        Optional<Context> pi4j = config.io().gpio().relays().isEmpty() && config.io().gpio().inputs().isEmpty()
                && config.io().meters().stream().noneMatch(m -> m.link() instanceof SiteConfig.MeterLink.S0)
                ? Optional.empty() : Optional.of(gpioContext());
        Optional<GpioBoard> board = pi4j.map(c -> new GpioBoard(c, config.io().gpio().provider() + "-digital-output",
                config.io().gpio().provider() + "-digital-input"));
        ModbusLinks links = new ModbusLinks(clock);
        BarnIo io = BarnWiring.io(config, board, links, clock);
        EnergyMeter meter = BarnWiring.meter(config.io().meters().get(0), clock, board, config.dataDir());
        DeviceServices services = DeviceServices.start(config, db, KeysCommand.keyFile(config.dataDir()), uplink,
                clockSync(config), clock, alarm -> LOG.warn("uplink alarm: {}", alarm));
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

    static UplinkConfig uplinkConfig(SiteConfig.UplinkConfig u, SiteConfig c) {
        UplinkConfig base = u.caFile().isPresent() && u.certFile().isPresent()
                ? UplinkConfig.ofTls(u.broker(), c.site(), c.device(), u.caFile().get(), u.certFile().get(),
                        u.keyFile().orElseThrow())
                : UplinkConfig.of(u.broker(), c.site(), c.device());
        if (u.username().isPresent()) {
            base = base.withCredentials(u.username().get(), u.passwordFile().orElseThrow(() ->
                    new ConfigException("uplink.username needs uplink.password-file")));
        }
        base.checkFiles();
        return base;
    }

    static StatusEndpointConfig coapConfig(SiteConfig.CoapConfig c) {
        try {
            InetAddress bind = InetAddress.getByName(c.bind());
            Optional<StatusEndpointConfig.Secure> secure = Optional.empty();
            if (c.pskIdentity().isPresent()) {
                Path secretFile = c.pskSecretFile().orElseThrow();
                String secret;
                try {
                    secret = Files.readString(secretFile).strip();
                } catch (IOException e) {
                    throw new ConfigException("coap.psk-secret-file: cannot read " + secretFile + ": " + e.getMessage());
                }
                secure = Optional.of(new StatusEndpointConfig.Secure(new InetSocketAddress(bind, c.dtlsPort()),
                        List.of(OperatorKey.ofText(c.pskIdentity().get(), secret))));
            }
            return new StatusEndpointConfig(new InetSocketAddress(bind, c.port()), secure,
                    StatusEndpointConfig.DEFAULT_HEARTBEAT, Duration.ofSeconds(1), 1024);
        } catch (UnknownHostException e) {
            throw new ConfigException("coap.bind: '" + c.bind() + "' is not an address of this device");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("coap: " + e.getMessage());
        }
    }

    /** A Pi has no RTC: the clock counts as synchronised once systemd-timesyncd (or chrony) says so. */
    static io.edgetally.ledger.ClockSync clockSync(SiteConfig c) {
        Path flag = c.clockSyncFile().orElse(Path.of("/run/systemd/timesync/synchronized"));
        return () -> Files.exists(flag);
    }
}
