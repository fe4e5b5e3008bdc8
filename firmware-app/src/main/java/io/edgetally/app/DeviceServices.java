package io.edgetally.app;

import io.edgetally.alarm.AlarmEvent;
import io.edgetally.config.SiteConfig;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.ledger.Booking;
import io.edgetally.ledger.ClockSync;
import io.edgetally.ledger.DeviceKeys;
import io.edgetally.ledger.LedgerConfig;
import io.edgetally.ledger.LedgerService;
import io.edgetally.ledger.MeterConfig;
import io.edgetally.ledger.Rollup;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.report.ReportKind;
import io.edgetally.protocol.verify.Totals;
import io.edgetally.store.Database;
import io.edgetally.store.StoreException;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;
import io.edgetally.uplink.UplinkStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every site has besides its control loop: the tally ledger fed from the meter's register, the uplink that
 * publishes the ledger to the registry, and the tallies the status endpoint shows. One instance per process;
 * a control loop hands it each cycle's meter reading through {@link #book}.
 */
public final class DeviceServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceServices.class);
    /** Tallies' "today" and "season" follow the site's local calendar. */
    private static final ZoneId SITE_ZONE = ZoneId.of("Asia/Shanghai");

    private final LedgerService ledger;
    private final Optional<Uplink> uplink;
    private final DeviceKeys keys;
    private final ClockSync clockSync;
    private final Clock clock;
    private final String methodologyKey;
    private volatile Instant batchStart;
    private volatile JsonObject tally;

    private DeviceServices(LedgerService ledger, Optional<Uplink> uplink, DeviceKeys keys, ClockSync clockSync,
                           Clock clock, String methodologyKey) {
        this.ledger = ledger;
        this.uplink = uplink;
        this.keys = keys;
        this.clockSync = clockSync;
        this.clock = clock;
        this.methodologyKey = methodologyKey;
        this.batchStart = clock.instant();
    }

    /**
     * @param keyFile   the device's Ed25519 key, created on first start
     * @param uplink    where to publish, when the site has a registry
     * @param alarmSink alarms the uplink raises (disk full)
     */
    public static DeviceServices start(SiteConfig config, Database db, Path keyFile, Optional<UplinkConfig> uplink,
                                       ClockSync clockSync, Clock clock, Consumer<AlarmEvent> alarmSink) {
        DeviceKeys keys = DeviceKeys.loadOrCreate(keyFile);
        SiteConfig.LedgerConfig lc = config.ledger();
        SiteConfig.MeterConfig meter = config.io().meters().get(0);
        MeterConfig metering = MeterConfig.defaults(BigDecimal.valueOf(meter.maxPowerKw()));
        metering = new MeterConfig(lc.interval(), metering.maxPowerKw(), metering.rolloverKwh(),
                metering.toleranceKwh(), metering.confirmAfter());
        AccountingPlan plan = new AccountingPlan(MethodologyChoice.of(lc.methodology(), "1"),
                lc.sensitivity().map(s -> MethodologyChoice.of(s, "1")), lc.gridRegion(), lc.gridYear());
        ReportKind kind = config.kind() == SiteConfig.SiteKind.CURING_BARN ? ReportKind.CURING_BARN
                : ReportKind.SWAP_STATION;
        LedgerService ledger = new LedgerService(db, new LedgerConfig(config.site(), config.device(), kind, metering,
                plan), keys, MethodologyRegistry.builtIn(), clockSync, clock);
        Optional<Uplink> up = uplink.map(u -> Uplink.create(u, db, clock, alarmSink));
        up.ifPresent(Uplink::start);
        DeviceServices services = new DeviceServices(ledger, up, keys, clockSync, clock, lc.methodology());
        services.refreshTally();
        return services;
    }

    /**
     * Books what the meter says into the ledger and wakes the uplink when a record was written. A store failure
     * is logged and the reading is booked again from the last committed position by a later reading: the meter's
     * register keeps counting, so nothing is lost.
     */
    public Booking book(MeterReading reading) {
        try {
            Booking b = ledger.onReading(reading);
            if (!b.reports().isEmpty()) {
                uplink.ifPresent(Uplink::kick);
                refreshTally();
            }
            return b;
        } catch (StoreException e) {
            LOG.error("ledger could not book a reading; it will be booked from a later one", e);
            return null;
        }
    }

    /** Marks the start of a batch (a cure) for the batch tally. */
    public void startBatch() {
        batchStart = ledger.startBatch();
        refreshTally();
    }

    public LedgerService ledger() {
        return ledger;
    }

    public Optional<Uplink> uplink() {
        return uplink;
    }

    public DeviceKeys keys() {
        return keys;
    }

    public boolean clockSynced() {
        return clockSync.synced();
    }

    /** {@code connected}, {@code connecting}, or {@code offline} when the site has no uplink. */
    public String uplinkState() {
        return uplink.map(u -> u.status().connected() ? "connected" : "connecting").orElse("offline");
    }

    public long outboxBacklog() {
        return uplink.map(u -> u.status().backlog()).orElseGet(this::unackedWithoutUplink);
    }

    private long unackedWithoutUplink() {
        return ledger.ledger().lastSeq();
    }

    /** The {@code /tally} snapshot, recomputed whenever a record is booked. */
    public JsonObject tally() {
        return tally;
    }

    private void refreshTally() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, SITE_ZONE);
        Instant midnight = today.atStartOfDay(SITE_ZONE).toInstant();
        Instant seasonStart = today.withDayOfYear(1).atStartOfDay(SITE_ZONE).toInstant();
        Map<String, Rollup> periods = new LinkedHashMap<>();
        periods.put("today", ledger.ledger().rollup(midnight, now.plusSeconds(1)));
        periods.put("batch", ledger.ledger().rollup(batchStart, now.plusSeconds(1)));
        periods.put("season", ledger.ledger().rollup(seasonStart, now.plusSeconds(1)));
        JsonObjectBuilder p = JsonObject.builder();
        periods.forEach((name, r) -> p.put(name, totals(r.totals())));
        long acked = uplink.map(u -> u.status().lastAckedSeq()).orElse(0L);
        tally = JsonObject.builder()
                .put("methodology", JsonObject.builder().put("id", methodologyKey).put("version", "1").build())
                .put("periods", p.build())
                .put("lastSeq", ledger.ledger().lastSeq())
                .put("lastAckedSeq", acked)
                .put("at", now.toString())
                .build();
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
