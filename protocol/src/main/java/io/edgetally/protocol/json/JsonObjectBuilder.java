package io.edgetally.protocol.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds a {@link JsonValue.JsonObject} in member order; a repeated key is a programming error. */
public final class JsonObjectBuilder {

    private final Map<String, JsonValue> members = new LinkedHashMap<>();

    public JsonObjectBuilder put(String key, JsonValue value) {
        if (members.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("duplicate JSON key '" + key + "'");
        }
        return this;
    }

    public JsonObjectBuilder put(String key, String value) {
        return put(key, JsonValue.of(value));
    }

    public JsonObjectBuilder put(String key, BigDecimal value) {
        return put(key, JsonValue.of(value));
    }

    public JsonObjectBuilder put(String key, long value) {
        return put(key, JsonValue.of(value));
    }

    public JsonObjectBuilder put(String key, double value) {
        return put(key, JsonValue.of(value));
    }

    public JsonObjectBuilder put(String key, boolean value) {
        return put(key, JsonValue.of(value));
    }

    /** Puts the value when present, else JSON null: absent facts stay visible as null. */
    public JsonObjectBuilder putOrNull(String key, Optional<? extends JsonValue> value) {
        return put(key, value.isPresent() ? value.get() : JsonValue.JsonNull.INSTANCE);
    }

    public JsonValue.JsonObject build() {
        return new JsonValue.JsonObject(members);
    }
}
