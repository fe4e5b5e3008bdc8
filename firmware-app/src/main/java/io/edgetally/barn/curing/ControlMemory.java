package io.edgetally.barn.curing;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a barn's control carries from one cycle to the next beyond its {@link CurePosition}: the timers and counters
 * of the safety watch, the heater's stage timing, the damper loop's dwell, the alarms the controller raised, the
 * last outputs and the damper motor's estimate. Saved with the position after every cycle; taken up by a restart
 * that comes within the tuning's {@code maxCycleGap} of the last saved cycle (a crash, a kill, a watchdog restart),
 * which to the barn is then one slow cycle: nothing is re-judged, no grace or dwell starts again, and a
 * time-qualified alarm that was about to fire still fires on time (a crash-looping controller can no longer hide
 * a stuck probe by restarting). After a longer outage the barn is not where the memory says, and the cure is
 * resumed from its position alone (docs/curing.md, "Power cuts and crashes").
 *
 * <p>Kept as JSON owned by the parts that wrote it: {@code controller} by {@link CuringController}, {@code io} by the
 * barn's I/O. A memory of another version, or one that does not parse, is not taken up (the restart is then judged
 * as after a long outage: safe, only less smooth).
 */
public record ControlMemory(JsonObject controller, JsonObject io) {

    /** Two memories are equal when they say the same: compared as written (a number read back may differ in form). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ControlMemory m && toJson().equals(m.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    /** The layout written now; bumped when a part changes what it writes. */
    static final int VERSION = 1;

    /** The same memory with the I/O's part. */
    public ControlMemory withIo(JsonObject ioPart) {
        return new ControlMemory(controller, ioPart);
    }

    public String toJson() {
        return Json.write(JsonObject.builder().put("v", VERSION).put("controller", controller).put("io", io).build());
    }

    /** The memory in {@code json}, or empty when it is of another version or damaged. */
    public static Optional<ControlMemory> parse(String json) {
        try {
            JsonObject o = Json.parseObject(json);
            if (o.longValue("v") != VERSION) {
                return Optional.empty();
            }
            return Optional.of(new ControlMemory(o.object("controller"), o.object("io")));
        } catch (JsonException | IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** A time, or JSON null for none. */
    public static JsonValue time(Instant at) {
        return at == null ? JsonValue.JsonNull.INSTANCE : new JsonValue.JsonString(at.toString());
    }

    /** The time under {@code key}; null when it is JSON null (the parts keep "none" as null inside). */
    public static Instant time(JsonObject o, String key) {
        return time(o.require(key));
    }

    /** A time written by {@link #time(Instant)}: null for JSON null. */
    public static Instant time(JsonValue v) {
        return switch (v) {
            case JsonValue.JsonNull n -> null;
            case JsonValue.JsonString s -> {
                try {
                    yield Instant.parse(s.value());
                } catch (DateTimeParseException e) {
                    throw new JsonException("'" + s.value() + "' is not a time");
                }
            }
            default -> throw new JsonException("a time or null expected, found " + Json.write(v));
        };
    }

    /** A double that may be NaN (no value yet): JSON null for NaN. */
    public static JsonObjectBuilder putMaybe(JsonObjectBuilder b, String key, double value) {
        return Double.isNaN(value) ? b.put(key, JsonValue.JsonNull.INSTANCE) : b.put(key, value);
    }

    /** The double under {@code key}, NaN for JSON null. */
    public static double maybe(JsonObject o, String key) {
        return o.require(key) instanceof JsonValue.JsonNull ? Double.NaN : o.doubleValue(key);
    }
}
