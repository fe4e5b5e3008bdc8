package io.edgetally.status;

import io.edgetally.alarm.Alarm;
import io.edgetally.io.meter.MeterReading;
import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The shapes of {@code /alarms} and {@code /meters} (docs/coap.md), the same for every kind of site. */
public final class StatusJson {

    private StatusJson() {}

    /** Who this device is, as {@code /status} names it. */
    public record Identity(String device, String site, SiteKind kind, String firmwareVersion,
                           Instant startedAt) {}

    /** {@code /status}: identity, uptime, mode, uplink, backlog, alarm count, clock sync. */
    public static JsonObject status(Identity id, String mode, DeviceStatus device, int activeAlarms,
                                    Instant at) {
        return JsonObject.builder()
                .put("device", id.device())
                .put("site", id.site())
                .put("kind", id.kind().wireName())
                .put("firmwareVersion", id.firmwareVersion())
                .put("uptimeSeconds", Duration.between(id.startedAt(), at).toSeconds())
                .put("mode", mode)
                .put("uplink", device.uplinkState())
                .put("outboxBacklog", device.outboxBacklog())
                .put("activeAlarms", activeAlarms)
                .put("clockSynced", device.clockSynced())
                .put("at", at.toString())
                .build();
    }

    /** Active alarms, critical first, then oldest first; {@code acknowledgedBy} maps a code to who acknowledged. */
    public static JsonObject alarms(List<Alarm> activeAlarms, Map<String, String> acknowledgedBy, Instant at) {
        List<Alarm> all = new ArrayList<>(activeAlarms);
        all.sort((a, b) -> a.severity() != b.severity() ? b.severity().compareTo(a.severity())
                : a.raisedAt().compareTo(b.raisedAt()));
        List<JsonValue> active = new ArrayList<>();
        for (Alarm a : all) {
            String by = acknowledgedBy.get(a.code());
            active.add(JsonObject.builder()
                    .put("code", a.code())
                    .put("severity", a.severity().name().toLowerCase(Locale.ROOT))
                    .put("message", a.message())
                    .put("raisedAt", a.raisedAt().toString())
                    .put("acknowledged", by != null)
                    .put("acknowledgedBy", by == null ? JsonValue.JsonNull.INSTANCE : JsonValue.of(by))
                    .build());
        }
        return JsonObject.builder().put("active", new JsonValue.JsonArray(active)).put("at", at.toString()).build();
    }

    /**
     * One meter's last reading: its own register (what tallies are booked from), or {@code stale}.
     *
     * @param model the meter's maker and model ({@code "Eastron SDM630"}); the reading's meter id (model and serial,
     *              what the tally books under) is {@code meterId}
     */
    public static JsonObject meters(String id, String model, Optional<MeterReading> last, Instant at) {
        JsonObjectBuilder m = JsonObject.builder().put("id", id).put("model", model).put("meterId",
                last.map(r -> (JsonValue) JsonValue.of(r.meterId())).orElse(JsonValue.JsonNull.INSTANCE));
        if (last.isPresent() && last.get() instanceof MeterReading.Ok ok) {
            m.put("totalKwh", round(ok.importKwh(), 3))
                    .put("powerKw", round(ok.powerW() / 1000, 2)).put("readAt", ok.at().toString()).put("state", "ok");
        } else {
            m.put("totalKwh", JsonValue.JsonNull.INSTANCE)
                    .put("powerKw", JsonValue.JsonNull.INSTANCE)
                    .put("readAt", last.map(x -> (JsonValue) JsonValue.of(x.at().toString()))
                            .orElse(JsonValue.JsonNull.INSTANCE))
                    .put("state", "stale");
        }
        return JsonObject.builder().put("meters", new JsonValue.JsonArray(List.of(m.build())))
                .put("at", at.toString()).build();
    }

    public static JsonValue.JsonNumber round(double v, int places) {
        return JsonValue.of(BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN));
    }
}
