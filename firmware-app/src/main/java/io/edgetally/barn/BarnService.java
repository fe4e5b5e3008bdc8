package io.edgetally.barn;

import io.edgetally.barn.curing.CurePositionStore;
import io.edgetally.barn.curing.CureStore;
import io.edgetally.barn.curing.schedule.CuringSchedule;
import io.edgetally.barn.io.BarnIo;
import io.edgetally.barn.io.BarnWiring;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.gpio.GpioBoard;
import io.edgetally.io.gpio.GpioOpener;
import io.edgetally.barn.curing.BarnInputs;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.EnergyMeter;
import io.edgetally.service.LinkLog;
import io.edgetally.io.modbus.BackoffPolicy;
import io.edgetally.io.modbus.ModbusLinks;
import io.edgetally.io.modbus.ModbusTransport;
import io.edgetally.io.wiring.Meters;
import io.edgetally.service.SiteService;
import io.edgetally.status.StatusEndpoint;
import io.edgetally.status.StatusEndpointConfig;
import io.edgetally.status.Versions;
import io.edgetally.store.Database;
import io.edgetally.tally.TallyService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A curing barn as {@code edgetally run} runs it (built by {@code Sites.start}): the schedule, the field I/O on GPIO
 * pins, 1-Wire probes, Modbus transmitters or a Modbus relay board, the meter, the cure resumed or started, the tally
 * and the CoAP endpoint. Everything is built and checked before the first cycle; the caller runs {@link #cycle()} at
 * the configured period (a cycle runner on a site, a loop on a manual clock in the simulator). {@link #close()}
 * switches the heat off, saves the cure's position and releases the relays.
 */
public final class BarnService extends SiteService {

    private static final Logger LOG = LoggerFactory.getLogger(BarnService.class);
    /** A curve point a minute: the plot's resolution, and few SD-card writes. */
    private static final Duration SAMPLE_EVERY = Duration.ofMinutes(1);

    private final BarnIo io;
    private final BarnSite site;
    private final BarnStatus status;

    private BarnService(List<AutoCloseable> closing, BarnIo io, BarnSite site, BarnStatus status, TallyService tally,
                        StatusEndpoint coap, Database db) {
        super(closing, tally, coap, db);
        this.io = io;
        this.site = site;
        this.status = status;
    }

    /** The links {@code run} logs as they change: the meter, the probes, the uplink's broker. */
    private void watchLinks(EnergyMeter meter) {
        links().addMeter(meter, () -> site.image().tallyMeter());
        links().add("probe " + BarnWiring.DRY_BULB, () -> probe(BarnInputs::dryBulb));
        links().add("probe " + BarnWiring.WET_BULB, () -> probe(BarnInputs::wetBulb));
        links().addUplink(tally());
    }

    private LinkLog.State probe(Function<BarnInputs, TemperatureReading> which) {
        return io.lastInputs().map(which).<LinkLog.State>map(t -> switch (t) {
            case TemperatureReading.Valid v -> new LinkLog.State.Up(String.format(Locale.ROOT, "%.1f °C", v.celsius()));
            case TemperatureReading.Invalid i -> new LinkLog.State.Failing(i.fault() + ": " + i.detail());
        }).orElse(new LinkLog.State.Unknown());
    }

    /**
     * A barn's config checked as far as it can be without touching anything: its schedule is loaded and validated.
     * {@link #start} then builds the service.
     */
    public record Plan(SiteConfig.Barn config, CuringSchedule schedule) {

        /**
         * @param db    the site's database; the service closes it
         * @param tally starts the device's tally and uplink once the I/O is wired (the service closes it)
         * @param gpio  opens the GPIO pins, when the config puts anything on them
         */
        public BarnService start(Database db, Supplier<TallyService> tally, StatusEndpointConfig coapConfig,
                                 GpioOpener gpio, Clock clock) {
            return start(db, tally, coapConfig, gpio, clock, t -> t);
        }

        /** As above, with each Modbus link wrapped by {@code fieldLinks} (in lockstep: waiting out a restarting simulator). */
        public BarnService start(Database db, Supplier<TallyService> tally, StatusEndpointConfig coapConfig,
                                 GpioOpener gpio, Clock clock, UnaryOperator<ModbusTransport> fieldLinks) {
            return BarnService.start(config, schedule, db, tally, coapConfig, gpio, clock, fieldLinks);
        }
    }

    /** @param configDir where a schedule file named in the config is looked for */
    public static Plan plan(SiteConfig.Barn config, Path configDir) {
        return new Plan(config, BarnWiring.schedule(config.barn(), configDir));
    }

    private static BarnService start(SiteConfig.Barn config, CuringSchedule schedule, Database db,
                                     Supplier<TallyService> tally, StatusEndpointConfig coapConfig, GpioOpener gpio,
                                     Clock clock, UnaryOperator<ModbusTransport> fieldLinks) {
        List<AutoCloseable> closing = new ArrayList<>(List.of(db));
        try {
            // GPIO only when relays or inputs are on the Pi's header; a barn may be wired to a Modbus relay board alone
            Optional<GpioBoard> board = Optional.empty();
            if (config.io().usesGpio()) {
                GpioOpener.Opened opened = gpio.open(config.io().gpio().provider());
                closing.add(opened.release());
                closing.add(opened.board());
                board = Optional.of(opened.board());
                LOG.info("GPIO up: provider {}, {} relay(s) and {} input(s) on the header",
                        config.io().gpio().provider(), config.io().gpio().relays().size(),
                        config.io().gpio().inputs().size());
            }
            ModbusLinks links = new ModbusLinks(clock, BackoffPolicy.DEFAULT, fieldLinks);
            closing.add(links);
            BarnIo io = BarnWiring.io(config, board, links, clock);
            EnergyMeter meter = Meters.open(config.io().meters().get(0), links, board, config.dataDir(), clock);
            closing.add(meter);
            TallyService services = tally.get();
            closing.add(services);
            BarnSite site = BarnSite.startOrResume(clock, io, meter, new CureStore(db), new CurePositionStore(db),
                    schedule, BarnWiring.tuning(config.barn()), OptionalDouble.of(config.barn().freshLeafKg()),
                    SAMPLE_EVERY, services);
            BarnStatus status = new BarnStatus(site, config.site(), config.device(), Versions.firmware(),
                    meter.model(), clock);
            site.addListener(status);
            StatusEndpoint coap = StatusEndpoint.start(coapConfig, status, status, clock);
            closing.add(coap);
            LOG.info("curing barn {}: batch {} ({}), CoAP {}{}", config.site(), site.batchId(), schedule.id(),
                    coap.coapUri(), coap.coapsUri().map(u -> " and " + u + " (operator actions)").orElse(""));
            BarnService service = new BarnService(closing, io, site, status, services, coap, db);
            service.watchLinks(meter);
            return service;
        } catch (RuntimeException e) {
            SiteService.closeAll(closing);
            throw e;
        }
    }

    /** One control cycle (see {@link BarnSite#cycle()}). */
    @Override
    public void cycle() {
        site.cycle();
    }

    public BarnSite site() {
        return site;
    }

    /** What the CoAP resources show (the operator's view). */
    public BarnStatus status() {
        return status;
    }

    @Override
    public String describe() {
        return "curing batch " + site.batchId() + " (" + site.schedule().id() + "); CoAP " + coap().coapUri();
    }

    @Override
    public String stopping() {
        return "heat off, position saved, relays released";
    }

    /** Heat off, and the buffered curve points and the cure's position saved. */
    @Override
    protected void stop() {
        io.safeState();
        site.flush();
    }
}
