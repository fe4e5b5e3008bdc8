package io.edgetally.protocol.eta;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every truck a dispatch platform knows is heading for the station, as one snapshot that replaces the previous one
 * (so a lost message costs nothing and a retained one serves a controller that just restarted):
 * <pre>
 * {"schema":"edgetally.eta/1","sent":"2026-06-01T09:00:00Z","complete-until":"2026-06-01T10:00:00Z",
 *  "trucks":[{"truck":"T012","eta":"2026-06-01T09:17:00Z"}, ...]}
 * </pre>
 * {@code complete-until} is the platform's promise: no truck arrives before it that is not in {@code trucks}.
 * A truck that arrives unannounced before it shows the promise broken (the station then plans from its forecast).
 */
public record EtaSnapshot(Instant sent, Instant completeUntil, List<TruckEta> trucks) {

    public static final String SCHEMA = "edgetally.eta/1";
    /** Further ahead than any dispatch system sees; a longer promise is a mistake, not information. */
    public static final Duration MAX_COMPLETE_AHEAD = Duration.ofDays(2);
    private static final int MAX_TRUCKS = 10_000;

    /** One truck on its way. */
    public record TruckEta(String truckId, Instant eta) {
        public TruckEta {
            if (truckId == null || truckId.isBlank()) {
                throw new IllegalArgumentException("an ETA needs a truck id");
            }
        }
    }

    public EtaSnapshot {
        trucks = List.copyOf(trucks);
        if (completeUntil.isBefore(sent)) {
            throw new IllegalArgumentException("complete-until " + completeUntil + " is before sent " + sent);
        }
        if (Duration.between(sent, completeUntil).compareTo(MAX_COMPLETE_AHEAD) > 0) {
            throw new IllegalArgumentException("complete-until " + completeUntil + " is more than "
                    + MAX_COMPLETE_AHEAD.toHours() + " h after sent " + sent);
        }
        Set<String> seen = new HashSet<>();
        for (TruckEta t : trucks) {
            if (!seen.add(t.truckId())) {
                throw new IllegalArgumentException("truck " + t.truckId() + " is listed twice");
            }
        }
    }

    public byte[] encode() {
        List<JsonValue> items = new ArrayList<>(trucks.size());
        for (TruckEta t : trucks) {
            items.add(JsonObject.builder().put("truck", t.truckId()).put("eta", t.eta().toString()).build());
        }
        JsonObject o = JsonObject.builder()
                .put("schema", SCHEMA)
                .put("sent", sent.toString())
                .put("complete-until", completeUntil.toString())
                .put("trucks", new JsonArray(items))
                .build();
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a snapshot received from {@code source} (a topic, named in every error). */
    public static EtaSnapshot decode(String source, byte[] payload) {
        try {
            JsonObject o = Json.parseObject(payload);
            String schema = o.string("schema");
            if (!schema.equals(SCHEMA)) {
                throw new EtaPayloadException(source + ": schema '" + schema + "' is not " + SCHEMA);
            }
            Instant sent = instant(source, o, "sent");
            Instant completeUntil = instant(source, o, "complete-until");
            List<JsonValue> items = o.array("trucks").items();
            if (items.size() > MAX_TRUCKS) {
                throw new EtaPayloadException(source + ": " + items.size() + " trucks, at most " + MAX_TRUCKS);
            }
            List<TruckEta> trucks = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof JsonObject t)) {
                    throw new EtaPayloadException(source + ": trucks[" + i + "] is not an object like "
                            + "{\"truck\":\"T012\",\"eta\":\"2026-06-01T09:17:00Z\"}");
                }
                trucks.add(new TruckEta(t.string("truck"), instant(source + " trucks[" + i + "]", t, "eta")));
            }
            return new EtaSnapshot(sent, completeUntil, trucks);
        } catch (JsonException | IllegalArgumentException e) {
            if (e instanceof EtaPayloadException p) {
                throw p;
            }
            throw new EtaPayloadException(source + ": not an ETA snapshot (" + e.getMessage() + "); expected {\"schema\":\""
                    + SCHEMA + "\",\"sent\":...,\"complete-until\":...,\"trucks\":[{\"truck\":...,\"eta\":...}]}", e);
        }
    }

    private static Instant instant(String source, JsonObject o, String key) {
        String text = o.string(key);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new EtaPayloadException(source + ": '" + key + "' is '" + text
                    + "', expected an ISO-8601 time with an offset like 2026-06-01T09:17:00Z");
        }
    }
}
