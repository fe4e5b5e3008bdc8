package io.edgetally.tally;

import io.edgetally.alarm.AlarmEvent;
import io.edgetally.config.IoConfig;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.verify.Totals;
import io.edgetally.status.DeviceStatus;
import io.edgetally.store.Database;
import io.edgetally.store.StoreException;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;
import io.edgetally.uplink.UplinkStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every site has besides its control loop: the tally ledger fed from the meter's register, the uplink that
 * publishes the ledger to the registry, and the tallies the status endpoint shows. One instance per process;
 * a control loop hands it each cycle's meter reading through {@link #book}.
 */
public final class TallyService implements SiteTally, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TallyService.class);

    private final LedgerService ledger;
    private final Optional<Uplink> uplink;
    private final Optional<UplinkConfig> uplinkConfig;
    private final DeviceKeys keys;
    private final ClockSync clockSync;
    private final Clock clock;
    private final String methodologyKey;
    /** Tallies' "today" and "season" follow the site's local calendar. */
    private final ZoneId zone;
    private volatile Instant batchStart;
    private volatile JsonObject tally;

    private TallyService(LedgerService ledger, Optional<Uplink> uplink, Optional<UplinkConfig> uplinkConfig,
                         DeviceKeys keys, ClockSync clockSync, Clock clock, String methodologyKey, ZoneId zone) {
        this.ledger = ledger;
        this.uplink = uplink;
        this.uplinkConfig = uplinkConfig;
        this.keys = keys;
        this.clockSync = clockSync;
        this.clock = clock;
        this.methodologyKey = methodologyKey;
        this.zone = zone;
        this.batchStart = clock.instant();
    }

    /**
     * The ledger of the site's first meter, signed with the device key in its data folder (created on first start),
     * published through {@code uplink} when the site has a registry.
     *
     * @param uplink where to publish (the config's {@code uplink:} as {@link UplinkConfig#forSite}, maybe adjusted)
     */
    public static TallyService start(SiteConfig config, Database db, Optional<UplinkConfig> uplink,
                                     ClockSync clockSync, Clock clock) {
        DeviceKeys keys = DeviceKeys.loadOrCreate(DeviceKeys.fileIn(config.dataDir()));
        SiteConfig.LedgerConfig lc = config.ledger();
        IoConfig.MeterConfig meter = config.io().meters().get(0);
        MeterConfig metering = MeterConfig.defaults(BigDecimal.valueOf(meter.maxPowerKw()));
        metering = new MeterConfig(lc.interval(), metering.maxPowerKw(), metering.rolloverKwh(),
                metering.toleranceKwh(), metering.confirmAfter());
        AccountingPlan plan = new AccountingPlan(MethodologyChoice.of(lc.methodology(), "1"),
                lc.sensitivity().map(s -> MethodologyChoice.of(s, "1")), lc.gridRegion(), lc.gridYear());
        LedgerService ledger = new LedgerService(db, new LedgerConfig(config.site(), config.device(), config.kind(),
                metering, plan), keys, MethodologyRegistry.builtIn(), clockSync, clock);
        // the uplink's own alarm (its disk is full) goes to the registry by the uplink itself: it must not wait
        // for a path that needs the disk
        Optional<Uplink> up = uplink.map(u -> Uplink.create(u, db, clock, Ed25519Signer.of(keys.keyPair()),
                alarm -> LOG.warn("uplink alarm: {}", alarm)));
        up.ifPresent(Uplink::start);
        TallyService services = new TallyService(ledger, up, uplink, keys, clockSync, clock, lc.methodology(),
                config.zone());
        services.resum();
        services.publishTally();
        return services;
    }

    /** Queues an alarm change for the registry; without an uplink the site's own alarm views are all there is. */
    @Override
    public void publish(AlarmEvent event) {
        uplink.ifPresent(u -> u.publishAlarm(event));
    }

    /**
     * Books what the meter says into the ledger and wakes the uplink when a record was written. A store failure
     * is logged and the reading is booked again from the last committed position by a later reading: the meter's
     * register keeps counting, so nothing is lost.
     */
    @Override
    public BookResult book(MeterReading reading) {
        try {
            Booking b = ledger.onReading(reading);
            if (!b.reports().isEmpty()) {
                uplink.ifPresent(Uplink::kick);
                add(b.reports());
                publishTally();
            }
            return new BookResult.Booked(b);
        } catch (StoreException e) {
            LOG.error("ledger could not book a reading; it will be booked from a later one", e);
            return new BookResult.NotBooked("the store failed: " + e.getMessage());
        }
    }

    /** After a restart: the batch in progress started at {@code startedAt}, not now. */
    @Override
    public void continueBatch(Instant startedAt) {
        batchStart = startedAt;
        resum();
        publishTally();
    }

    /** Marks the start of a batch (a cure) for the batch tally. */
    @Override
    public void startBatch() {
        batchStart = ledger.startBatch();
        resum();
        publishTally();
    }

    /** Closes a batch's tally: books its open span and records the batch (see {@link LedgerService#closeBatch}). */
    @Override
    public void closeBatch(String batchId, Instant startedAt) {
        try {
            ledger.closeBatch(batchId, startedAt, Optional.empty());
            uplink.ifPresent(Uplink::kick);
            resum();
            publishTally();
        } catch (StoreException e) {
            LOG.error("could not close the tally of batch {}; its records stay booked", batchId, e);
        }
    }

    public LedgerService ledger() {
        return ledger;
    }

    public Optional<Uplink> uplink() {
        return uplink;
    }

    /** How the uplink connects (broker, TLS, credentials), when the site has one: an ETA feed may use the same. */
    public Optional<UplinkConfig> uplinkConfig() {
        return uplinkConfig;
    }

    public DeviceKeys keys() {
        return keys;
    }

    /**
     * The uplink's state ({@code connected}, {@code connecting}, or {@code offline} when the site has none), the
     * records not yet acknowledged, the clock's synchronisation and the {@code /tally} snapshot (recomputed whenever
     * a record is booked). Reads the clock-sync flag and, without an uplink, the ledger: called by the control cycle.
     */
    @Override
    public DeviceStatus status() {
        String state = uplink.map(u -> u.status().connected() ? "connected" : "connecting").orElse("offline");
        long backlog = uplink.map(u -> u.status().backlog()).orElseGet(() -> ledger.ledger().lastSeq());
        return new DeviceStatus(state, backlog, clockSync.synced(), tally);
    }

    /** The {@code /tally} snapshot, recomputed whenever a record is booked. */
    public JsonObject tally() {
        return tally;
    }

    /**
     * Running totals for today, the batch and the season: summed once from the ledger at start (and at a new
     * day or batch), then kept up to date from each record as it is booked, so a long season never means
     * re-reading the whole ledger.
     */
    private LocalDate totalsDay;
    private Totals todayTotals = Totals.ZERO;
    private Totals batchTotals = Totals.ZERO;
    private Totals seasonTotals = Totals.ZERO;

    private void resum() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant end = now.plusSeconds(1);
        totalsDay = today;
        todayTotals = ledger.ledger().rollup(today.atStartOfDay(zone).toInstant(), end).totals();
        batchTotals = ledger.ledger().rollup(batchStart, end).totals();
        seasonTotals = ledger.ledger().rollup(today.withDayOfYear(1).atStartOfDay(zone).toInstant(), end)
                .totals();
    }

    private void add(List<TallyReport> reports) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (!today.equals(totalsDay)) {
            resum();
            return;
        }
        for (TallyReport r : reports) {
            todayTotals = todayTotals.plus(r.body().energyKwh(), r.body().tally());
            batchTotals = batchTotals.plus(r.body().energyKwh(), r.body().tally());
            seasonTotals = seasonTotals.plus(r.body().energyKwh(), r.body().tally());
        }
    }

    private void publishTally() {
        JsonObjectBuilder p = JsonObject.builder()
                .put("today", totals(todayTotals))
                .put("batch", totals(batchTotals))
                .put("season", totals(seasonTotals));
        long acked = uplink.map(u -> u.status().lastAckedSeq()).orElse(0L);
        tally = JsonObject.builder()
                .put("methodology", JsonObject.builder().put("id", methodologyKey).put("version", "1").build())
                .put("periods", p.build())
                .put("lastSeq", ledger.ledger().lastSeq())
                .put("lastAckedSeq", acked)
                .put("at", clock.instant().toString())
                .build();
    }

    /** The batch's tally so far (from its start to the last booked record). */
    public Totals batchTotals() {
        return batchTotals;
    }

    private static JsonObject totals(Totals t) {
        JsonObjectBuilder b = JsonObject.builder()
                .put("energyKwh", t.energyKwh())
                .put("displacedKgce", t.displaced().getOrDefault("coalKgce",
                        t.displaced().getOrDefault("dieselKgce", BigDecimal.ZERO)));
        if (t.displaced().containsKey("dieselLitres")) {
            b.put("dieselLitres", t.displaced().get("dieselLitres"));
        }
        return b.put("co2Kg", t.co2Kg()).put("so2Kg", t.so2Kg()).put("noxKg", t.noxKg()).put("pmKg", t.pmKg())
                .put("co2NetKg", t.co2NetKg()).put("records", t.reports()).build();
    }

    public Optional<UplinkStatus> uplinkStatus() {
        return uplink.map(Uplink::status);
    }

    @Override
    public void close() {
        uplink.ifPresent(Uplink::close);
    }

    /** The ledger's JSON value of a period, for a summary. */
    public static JsonValue totalsJson(Totals t) {
        return totals(t);
    }
}
