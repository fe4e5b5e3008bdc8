package io.edgetally.station;

import io.edgetally.alarm.Alarm;
import io.edgetally.io.TemperatureReading;
import io.edgetally.io.plc.ChargerStatus;
import io.edgetally.io.plc.PackState;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.coap.OperatorRequest;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.station.control.SlotState;
import io.edgetally.station.control.StationCommand;
import io.edgetally.station.control.StationControllerConfig;
import io.edgetally.station.control.StationSnapshot;
import io.edgetally.status.ActionResult;
import io.edgetally.status.ImageStatusSource;
import io.edgetally.status.Operator;
import io.edgetally.status.OperatorActions;
import io.edgetally.status.StatusJson;
import io.edgetally.status.StatusTopic;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The station as the CoAP endpoint shows it ({@code /status}, {@code /station}, {@code /alarms}, {@code /meters},
 * {@code /tally}) and the operator acts on it ({@code /station/cap}, {@code /alarms/ack}). Every snapshot is built
 * from the last cycle's published {@link StationImage} and the station's fixed configuration, never from the live
 * controller; a request goes to {@link StationSite#handle}, which queues it for the next cycle.
 */
public final class StationStatus extends ImageStatusSource<StationImage>
        implements OperatorActions, StationSite.Listener {

    private final StationSite site;
    private final StationControllerConfig config;
    /** control cycle only */
    private List<String> lastAlarmCodes = List.of();
    private Map<String, String> lastAcknowledged = Map.of();

    /** @param meterModel the revenue meter's maker and model, for {@code /meters} */
    public StationStatus(StationSite site, StationControllerConfig config, String siteId, String deviceId,
                         String firmwareVersion, String meterModel, Clock clock) {
        super(site::image, SiteKind.SWAP_STATION, siteId, deviceId, firmwareVersion, "grid", meterModel, clock);
        this.site = site;
        this.config = config;
    }

    /** Every cycle (a minute or less) changes SOCs and power: observers hear of it each cycle. */
    @Override
    public void published(StationImage image) {
        List<String> codes = image.alarms().stream().map(Alarm::code).toList();
        if (!codes.equals(lastAlarmCodes) || !image.acknowledgedBy().equals(lastAcknowledged)) {
            lastAlarmCodes = codes;
            lastAcknowledged = image.acknowledgedBy();
            notifyAll(StatusTopic.ALARMS);
        }
        notifyLiveState();
    }

    @Override
    public ActionResult perform(OperatorRequest request, Operator who) {
        return site.handle(StationRequest.from(request, who));
    }

    @Override
    protected String mode(StationImage image) {
        return image.command().isPresent() ? "auto" : "idle";
    }

    @Override
    public JsonObject site() {
        StationImage image = image();
        Optional<StationSnapshot> snap = image.snapshot();
        Optional<StationCommand> cmd = image.command();
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
        Optional<StationCommand.CycleStatus> cs = cmd.map(StationCommand::status);
        OptionalDouble external = image.externalCapKw();
        Instant now = clock.instant();
        return JsonObject.builder()
                .put("packs", new JsonValue.JsonArray(packs))
                .put("readyPacks", ready)
                .put("readyTargetPacks", cs.map(StationCommand.CycleStatus::readyTargetPacks).orElse(0))
                .put("swapThresholdPercent", round(100 * config.readySoc(), 1))
                .put("chargers", new JsonValue.JsonArray(chargers))
                .put("power", JsonObject.builder()
                        .put("totalKw", round(cmd.map(StationCommand::totalKw).orElse(0.0), 1))
                        .put("stationCapKw", round(config.stationCapKw(), 1))
                        .put("externalCapKw", external.isPresent() ? round(external.getAsDouble(), 3)
                                : JsonValue.JsonNull.INSTANCE)
                        .put("budgetKw", cs.<JsonValue>map(c -> round(c.budgetKw(), 1))
                                .orElse(JsonValue.JsonNull.INSTANCE))
                        .put("monthPeakKw", round(cs.map(StationCommand.CycleStatus::monthPeakKw).orElse(0.0), 1))
                        .put("pricePerKwh", round(config.tariff().pricePerKwh(now), 2))
                        .build())
                .put("queue", queue(snap.map(StationSnapshot::trucksWaiting).orElse(0), cs))
                .put("at", now.toString())
                .build();
    }

    /** Trucks waiting and expected; with a dispatch feed, the announced ones and whether the feed is trusted. */
    private static JsonObject queue(int waiting, Optional<StationCommand.CycleStatus> cs) {
        var q = JsonObject.builder()
                .put("trucksWaiting", waiting)
                .put("arrivalsNextHour", round(cs.map(StationCommand.CycleStatus::arrivalsPerHour).orElse(0.0), 1));
        cs.flatMap(StationCommand.CycleStatus::announced).ifPresent(a -> {
            q.put("announcedNextHour", a.nextHour());
            q.put("etaCompleteUntil", a.completeUntil().<JsonValue>map(t -> JsonValue.of(t.toString()))
                    .orElse(JsonValue.JsonNull.INSTANCE));
            q.put("etaProblem", a.problem().<JsonValue>map(JsonValue::of).orElse(JsonValue.JsonNull.INSTANCE));
        });
        return q.build();
    }

    private static JsonValue.JsonNumber round(double v, int places) {
        return StatusJson.round(v, places);
    }
}
