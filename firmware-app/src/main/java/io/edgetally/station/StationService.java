package io.edgetally.station;

import io.edgetally.alarm.AlarmBook;
import io.edgetally.config.ConfigException;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.config.StationConfig;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.plc.ModbusStationIo;
import io.edgetally.io.plc.PlcSwapCursor;
import io.edgetally.io.wiring.Links;
import io.edgetally.io.wiring.Meters;
import io.edgetally.service.SiteService;
import io.edgetally.site.CycleRunner;
import io.edgetally.station.control.AnnouncedArrivals;
import io.edgetally.station.control.EtaBoard;
import io.edgetally.station.control.StationController;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.status.StatusEndpoint;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.status.Versions;
import io.edgetally.store.Database;
import io.edgetally.tally.TallyService;
import io.edgetally.uplink.EtaSubscriber;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A swap station as {@code edgetally run} runs it: the station PLC over Modbus ({@link ModbusStationIo}, from
 * {@code station.plc}), the revenue meter and one DC meter per slot ({@code io.meters}, in that order), the
 * controller with the month's peak restored from the store, the ledger booked from the revenue meter, the uplink
 * when configured and the CoAP status endpoint. Everything is built and checked before the first cycle; the caller
 * runs {@link #cycle()} at the configured period (a {@link CycleRunner} on a site, a loop on a manual clock in tests).
 */
public final class StationService extends SiteService {

    private static final Logger LOG = LoggerFactory.getLogger(StationService.class);
    private static final Duration MIN_SETPOINT_TIMEOUT = Duration.ofSeconds(10);
    /** How often a missing ETA feed connection is tried again. */
    private static final Duration ETA_RETRY = Duration.ofSeconds(15);

    private final ModbusStationIo io;
    private final StationSite site;
    private final StationStatus status;

    private StationService(List<AutoCloseable> closing, ModbusStationIo io, StationSite site, TallyService services,
                           StatusEndpoint coap, StationStatus status, Database db) {
        super(closing, services, coap, db);
        this.io = io;
        this.site = site;
        this.status = status;
    }

    /**
     * A station's config checked as far as it can be without touching anything: its PLC is configured and its meters
     * are one revenue meter and one DC meter per slot. {@link #start} then builds the service.
     *
     * @param file the configuration's file, for error messages
     */
    public record Plan(SiteConfig.Station config, Path file, StationConfig.PlcConfig plc) {

        /**
         * @param db    the site's database; the service closes it
         * @param tally starts the device's tally and uplink once the PLC and meters are wired (the service closes it)
         */
        public StationService start(Database db, Supplier<TallyService> tally, StatusEndpointConfig coapConfig,
                                    Clock clock) {
            return StationService.start(this, db, tally, coapConfig, clock);
        }
    }

    /** @param file the configuration's file, for error messages */
    public static Plan plan(SiteConfig.Station config, Path file) {
        StationConfig station = config.station();
        StationConfig.PlcConfig plc = station.requirePlc(file.toString());
        List<IoConfig.MeterConfig> meters = config.io().meters();
        if (meters.size() != 1 + station.slots()) {
            throw new ConfigException(file + ": 'io.meters' lists " + meters.size() + " meter(s); a station of "
                    + station.slots() + " slots needs the revenue meter first, then one DC meter per slot ("
                    + (1 + station.slots()) + ")");
        }
        return new Plan(config, file, plc);
    }

    private static StationService start(Plan plan, Database db, Supplier<TallyService> tally,
                                        StatusEndpointConfig coapConfig, Clock clock) {
        SiteConfig.Station config = plan.config();
        Path file = plan.file();
        List<AutoCloseable> closing = new ArrayList<>(List.of(db));
        try {
            StationConfig station = config.station();
            StationConfig.PlcConfig plc = plan.plc();
            List<IoConfig.MeterConfig> meters = config.io().meters();
            Duration setpointTimeout = plc.setpointTimeout().orElse(max(config.cycle().multipliedBy(3),
                    MIN_SETPOINT_TIMEOUT));
            ModbusStationIo.Settings settings = new ModbusStationIo.Settings(plc.unitId(), station.slots(),
                    plc.heartbeatTimeout(), setpointTimeout);
            StationControllerConfig control = StationControllerConfig.forStation(station);
            // one alarm book for the site: the PLC link, the controller and the site raise and clear there
            AlarmBook alarms = new AlarmBook();
            ModbusLinks links = new ModbusLinks(clock);
            closing.add(links);
            ModbusStationIo io = new ModbusStationIo(Links.client(plc.link(), links), settings,
                    new PlcSwapCursor(db), clock, alarms);
            // meters and PLC on one RS-485 line or gateway share it (links closes them all at the end)
            List<EnergyMeter> opened = new ArrayList<>();
            for (IoConfig.MeterConfig m : meters) {
                opened.add(Meters.open(m, links, Optional.empty(), config.dataDir(), clock));
            }
            TallyService services = tally.get();
            closing.add(services);
            SwapStore store = new SwapStore(db);
            Optional<EtaBoard> board = station.eta().map(e -> new EtaBoard(e.staleAfter(), e.distrustFor()));
            StationController controller = restoredController(control, store, clock.instant(),
                    board.map(b -> (AnnouncedArrivals) b), alarms);
            StationSite site = new StationSite(clock, io, opened.get(0), opened.subList(1, opened.size()), controller,
                    store, alarms, services);
            closing.add(site);
            if (station.eta().isPresent()) {
                StationConfig.EtaConfig e = station.eta().get();
                EtaSubscriber.Connection connection = e.broker()
                        .map(uri -> new EtaSubscriber.Connection(uri, "edgetally-" + config.site() + "-"
                                + config.device() + "-eta", Optional.empty(), Optional.empty()))
                        .or(() -> services.uplinkConfig().map(EtaSubscriber.Connection::sameAs))
                        .orElseThrow(() -> new ConfigException(file + ": 'station.eta' needs a 'broker', or an "
                                + "'uplink' whose broker carries the ETAs"));
                // the MQTT thread only queues what arrives: the next cycle hands it to the controller
                closing.add(EtaSubscriber.start(connection, e.topic(), ETA_RETRY, site::receiveEta));
            }
            StationStatus status = new StationStatus(site, control, config.site(), config.device(),
                    Versions.firmware(), opened.get(0).model(), clock);
            site.addListener(status);
            StatusEndpoint coap = StatusEndpoint.start(coapConfig, status, status, clock);
            closing.add(coap);
            LOG.info("swap station {}: {} slots, PLC {} unit {}, setpoint watchdog {} s, CoAP {}", config.site(),
                    station.slots(), plc.link(), plc.unitId(), setpointTimeout.toSeconds(), coap.coapUri());
            StationService service = new StationService(closing, io, site, services, coap, status, db);
            // the PLC's link shows as its alarm (logged by the site), the ETA feed's by its subscriber
            EnergyMeter grid = opened.get(0);
            service.links().addMeter(grid, () -> site.image().tallyMeter());
            service.links().addUplink(services);
            return service;
        } catch (RuntimeException e) {
            SiteService.closeAll(closing);
            throw e;
        }
    }

    /** The demand charge is billed on the month's peak: a restart mid-month must not forget it. */
    private static StationController restoredController(StationControllerConfig control, SwapStore store,
                                                        Instant now, Optional<AnnouncedArrivals> announced,
                                                        AlarmBook alarms) {
        ZoneId zone = control.tariff().zone();
        YearMonth month = YearMonth.from(now.atZone(zone));
        Instant monthStart = month.atDay(1).atStartOfDay(zone).toInstant();
        double peak = store.samplesBetween(monthStart, now.plusSeconds(1)).stream()
                .mapToDouble(StationSample::monthPeakKw).max().orElse(0);
        return new StationController(control, peak, month, announced, alarms);
    }

    /** One control cycle (see {@link StationSite#cycle()}). */
    @Override
    public void cycle() {
        site.cycle();
    }

    public StationSite site() {
        return site;
    }

    /** What the CoAP resources show (the operator's view). */
    public StationStatus status() {
        return status;
    }

    @Override
    public String describe() {
        return "swap station " + status.status().string("site") + "; CoAP " + coap().coapUri();
    }

    @Override
    public String stopping() {
        return "every charger to 0 kW";
    }

    /** Every charger to 0 kW now (the PLC's watchdog would do it too, later). */
    @Override
    protected void stop() {
        io.holdAtZero();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
