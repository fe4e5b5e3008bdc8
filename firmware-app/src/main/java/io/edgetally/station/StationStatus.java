package io.edgetally.station;

import io.edgetally.alarm.Alarm;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationController;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.station.control.StationEvent;
import io.edgetally.station.control.StationSnapshot;
import io.edgetally.status.ActionResult;
import io.edgetally.status.DeviceView;
import io.edgetally.status.Operator;
import io.edgetally.status.OperatorActions;
import io.edgetally.status.StatusJson;
import io.edgetally.status.StatusSource;
import io.edgetally.status.StatusTopic;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The station as the CoAP endpoint shows it ({@code /status}, {@code /station}, {@code /alarms}, {@code /meters},
 * {@code /tally}) and the operator acts on it ({@code /station/cap}, {@code /alarms/ack}). Snapshots come from the
 * last cycle's immutable snapshot and command; a cap set here is obeyed from the next control cycle.
 */
public final class StationStatus implements StatusSource, OperatorActions, StationSite.CycleListener {

    private static final BigDecimal MAX_CAP_KW = BigDecimal.valueOf(100_000);

    private final StationSite site;
    private final StationController controller;
    private final StationControllerConfig config;
    private final String siteId;
    private final String deviceId;
    private final String firmwareVersion;
    private final Clock clock;
    private final Instant startedAt;
    private final DeviceView device;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> acknowledgedBy = new ConcurrentHashMap<>();
    private volatile List<String> lastAlarmCodes = List.of();

    public StationStatus(StationSite site, StationController controller, StationControllerConfig config, String siteId,
                         String deviceId, String firmwareVersion, Clock clock, DeviceView device) {
        this.site = site;
        this.controller = controller;
        this.config = config;
        this.siteId = siteId;
        this.deviceId = deviceId;
        this.firmwareVersion = firmwareVersion;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.device = device;
    }

    @Override
    public SiteKind kind() {
        return SiteKind.SWAP_STATION;
    }

    /** Every cycle (a minute or less) changes SOCs and power: observers hear of it each cycle. */
    @Override
    public void afterCycle(Instant at, MeterReading gridMeter, StationCommand command) {
        List<String> codes = activeAlarms().stream().map(Alarm::code).toList();
        if (command.events().stream().anyMatch(e -> e instanceof StationEvent.AlarmChanged)
                || !codes.equals(lastAlarmCodes)) {
            lastAlarmCodes = codes;
            acknowledgedBy.keySet().retainAll(codes);
            notifyAll(StatusTopic.ALARMS);
        }
        notifyAll(StatusTopic.SITE);
        notifyAll(StatusTopic.STATUS);
        notifyAll(StatusTopic.METERS);
    }

    private void notifyAll(StatusTopic topic) {
        for (Listener l : listeners) {
            l.changed(topic);
        }
    }

    /** The controller's alarms and those of the PLC link. */
    public List<Alarm> activeAlarms() {
        List<Alarm> all = new ArrayList<>(controller.activeAlarms());
        all.addAll(site.ioAlarms());
        return all;
    }

    @Override
    public JsonObject status() {
        return StatusJson.status(new StatusJson.Identity(deviceId, siteId, kind(), firmwareVersion, startedAt),
                site.lastCommand().isPresent() ? "auto" : "idle", device, activeAlarms().size(),
                clock.instant());
    }

    @Override
    public JsonObject site() {
        Optional<StationSnapshot> snap = site.lastSnapshot();
        Optional<StationCommand> cmd = site.lastCommand();
        List<JsonValue> packs = new ArrayList<>();
        List<JsonValue> chargers = new ArrayList<>();
        int ready = 0;
        if (snap.isPresent() && cmd.isPresent()) {
            List<SlotState> slots = snap.get().slots();
            for (int i = 0; i < slots.size(); i++) {
                SlotState slot = slots.get(i);
                double kw = cmd.get().setpoints().get(i).powerKw();
                boolean fault = slot.charger() != ChargerStatus.OK;
                Optional<PackState> pack = slot.pack();
                if (pack.isPresent()) {
                    PackState p = pack.get();
                    boolean isReady = config.isReady(p.soc());
                    ready += isReady ? 1 : 0;
                    boolean hot = !(p.temperature() instanceof TemperatureReading.Valid v)
                            || v.celsius() >= config.stopCelsius();
                    packs.add(JsonObject.builder().put("id", p.packId()).put("slot", slot.slot())
                            .put("socPercent", round(100 * p.soc(), 1))
                            .put("temperatureCelsius", p.temperature() instanceof TemperatureReading.Valid v
                                    ? round(v.celsius(), 1) : JsonValue.JsonNull.INSTANCE)
                            .put("state", hot ? "fault" : isReady ? "ready" : kw > 0 ? "charging" : "waiting")
                            .build());
                }
                boolean derated = pack.isPresent() && pack.get().temperature() instanceof TemperatureReading.Valid v
                        && v.celsius() > config.derateStartCelsius();
                chargers.add(JsonObject.builder().put("id", "C" + slot.slot())
                        .put("packId", pack.map(p -> (JsonValue) JsonValue.of(p.packId()))
                                .orElse(JsonValue.JsonNull.INSTANCE))
                        .put("powerKw", round(kw, 1))
                        .put("dcMeterKwh", round(slot.dcMeterKwh(), 3))
                        .put("state", fault ? "fault" : kw <= 0 ? "idle" : derated ? "derated" : "charging")
                        .build());
            }
        }
        StationCommand.CycleStatus cs = cmd.map(StationCommand::status).orElse(null);
        OptionalDouble external = site.externalCapKw();
        return JsonObject.builder()
                .put("packs", new JsonValue.JsonArray(packs))
                .put("readyPacks", ready)
                .put("readyTargetPacks", cs == null ? 0 : cs.readyTargetPacks())
                .put("swapThresholdPercent", round(100 * config.readySoc(), 1))
                .put("chargers", new JsonValue.JsonArray(chargers))
                .put("power", JsonObject.builder()
                        .put("totalKw", round(site.gridKw(), 1))
                        .put("stationCapKw", round(config.stationCapKw(), 1))
                        .put("externalCapKw", external.isPresent() ? round(external.getAsDouble(), 3)
                                : JsonValue.JsonNull.INSTANCE)
                        .put("budgetKw", cs == null ? JsonValue.JsonNull.INSTANCE : round(cs.budgetKw(), 1))
                        .put("monthPeakKw", round(controller.monthPeakKw(), 1))
                        .put("pricePerKwh", round(config.tariff().pricePerKwh(clock.instant()), 2))
                        .build())
                .put("queue", queue(snap.map(StationSnapshot::trucksWaiting).orElse(0)))
                .put("at", clock.instant().toString())
                .build();
    }

    /** Trucks waiting and expected; with a dispatch feed, the announced ones and whether the feed is trusted. */
    private JsonObject queue(int waiting) {
        Instant now = clock.instant();
        var q = JsonObject.builder()
                .put("trucksWaiting", waiting)
                .put("arrivalsNextHour", round(controller.expectedArrivalsPerHour(now), 1));
        controller.announced().ifPresent(a -> {
            Instant complete = a.completeUntil(now);
            // the trucks the controller plans for: none from a feed it does not trust
            Instant hour = now.plus(Duration.ofHours(1));
            q.put("announcedNextHour", a.between(now, complete.isBefore(hour) ? complete : hour).size());
            q.put("etaCompleteUntil", complete.isAfter(now) ? JsonValue.of(complete.toString())
                    : JsonValue.JsonNull.INSTANCE);
            q.put("etaProblem", a.problem(now).map(p -> (JsonValue) JsonValue.of(p)).orElse(JsonValue.JsonNull.INSTANCE));
        });
        return q.build();
    }

    @Override
    public JsonObject tally() {
        return device.tally();
    }

    @Override
    public JsonObject alarms() {
        return StatusJson.alarms(activeAlarms(), acknowledgedBy, clock.instant());
    }

    /** The revenue meter (what the ledger books). */
    @Override
    public JsonObject meters() {
        return StatusJson.meters("grid", site.lastGridReading(), clock.instant());
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    @Override
    public ActionResult confirmStep(Operator who) {
        return notABarn();
    }

    @Override
    public ActionResult advanceStep(Operator who) {
        return notABarn();
    }

    @Override
    public ActionResult extendStep(Duration extension, Operator who) {
        return notABarn();
    }

    @Override
    public ActionResult switchSchedule(String scheduleId, Operator who) {
        return notABarn();
    }

    @Override
    public ActionResult acknowledgeAlarm(String code, Operator who) {
        if (activeAlarms().stream().noneMatch(a -> a.code().equals(code))) {
            return ActionResult.refused(ActionResult.Reason.NOT_FOUND, "no active alarm '" + code + "'");
        }
        acknowledgedBy.put(code, who.identity());
        notifyAll(StatusTopic.ALARMS);
        return ActionResult.done("alarm " + code + " acknowledged by " + who.identity());
    }

    @Override
    public ActionResult setExternalPowerCap(Optional<BigDecimal> capKw, Operator who) {
        if (capKw.isEmpty()) {
            site.setExternalCapKw(OptionalDouble.empty());
            notifyAll(StatusTopic.SITE);
            return ActionResult.done("external cap lifted by " + who.identity() + "; station cap "
                    + round(config.stationCapKw(), 1).value().toPlainString() + " kW applies");
        }
        BigDecimal kw = capKw.get();
        if (kw.signum() < 0 || kw.compareTo(MAX_CAP_KW) > 0) {
            return ActionResult.refused(ActionResult.Reason.INVALID, "cap " + kw.toPlainString()
                    + " kW out of range: expected 0 to " + MAX_CAP_KW.toPlainString() + " kW");
        }
        site.setExternalCapKw(OptionalDouble.of(kw.doubleValue()));
        notifyAll(StatusTopic.SITE);
        return ActionResult.done("external cap " + kw.toPlainString() + " kW set by " + who.identity()
                + "; obeyed from the next control cycle");
    }

    private static ActionResult notABarn() {
        return ActionResult.refused(ActionResult.Reason.NOT_FOUND, "a swap station has no curing schedule");
    }

    private static JsonValue.JsonNumber round(double v, int places) {
        return StatusJson.round(v, places);
    }
}
