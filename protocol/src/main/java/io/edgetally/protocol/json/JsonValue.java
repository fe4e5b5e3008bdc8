package io.edgetally.protocol.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON value. Numbers are {@link BigDecimal}, so a tally written by the device and recomputed by the registry
 * compare exactly, with no binary floating point between them.
 */
public sealed interface JsonValue {

    record JsonString(String value) implements JsonValue {
        public JsonString {
            if (value == null) {
                throw new IllegalArgumentException("a JSON string cannot be null; use JsonNull");
            }
        }
    }

    record JsonNumber(BigDecimal value) implements JsonValue {
        public JsonNumber {
            if (value == null) {
                throw new IllegalArgumentException("a JSON number cannot be null; use JsonNull");
            }
        }
    }

    record JsonBool(boolean value) implements JsonValue {}

    enum JsonNull implements JsonValue {
        INSTANCE
    }

    record JsonArray(List<JsonValue> items) implements JsonValue {
        public JsonArray {
            items = List.copyOf(items);
        }
    }

    /** An object; members keep their insertion order (canonical output sorts them). */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            // The parsers' own maps are handed over, never touched again: no need to copy them (a third of the
            // cost of parsing a report).
            // The byte parser's MemberMap is read-only already (every mutator of AbstractMap throws).
            if (!(members instanceof MemberMap)) {
                members = Collections.unmodifiableMap(members instanceof ParsedMembers ? members
                        : new LinkedHashMap<>(members));
            }
        }

        public static JsonObjectBuilder builder() {
            return new JsonObjectBuilder();
        }

        public Optional<JsonValue> get(String key) {
            return Optional.ofNullable(members.get(key));
        }

        public boolean has(String key) {
            return members.containsKey(key);
        }

        /** The member {@code key}, which must be present. */
        public JsonValue require(String key) {
            JsonValue v = members.get(key);
            if (v == null) {
                throw new JsonException("missing key '" + key + "'");
            }
            return v;
        }

        public String string(String key) {
            if (require(key) instanceof JsonString s) {
                return s.value();
            }
            throw wrongType(key, "a string");
        }

        public BigDecimal decimal(String key) {
            if (require(key) instanceof JsonNumber n) {
                return n.value();
            }
            throw wrongType(key, "a number");
        }

        public long longValue(String key) {
            BigDecimal d = decimal(key);
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new JsonException("key '" + key + "' must be a whole number, was " + d.toPlainString());
            }
        }

        public double doubleValue(String key) {
            return decimal(key).doubleValue();
        }

        public boolean bool(String key) {
            if (require(key) instanceof JsonBool b) {
                return b.value();
            }
            throw wrongType(key, "true or false");
        }

        public JsonObject object(String key) {
            if (require(key) instanceof JsonObject o) {
                return o;
            }
            throw wrongType(key, "an object");
        }

        public JsonArray array(String key) {
            if (require(key) instanceof JsonArray a) {
                return a;
            }
            throw wrongType(key, "an array");
        }

        public Optional<String> optionalString(String key) {
            return has(key) && !(members.get(key) instanceof JsonNull) ? Optional.of(string(key)) : Optional.empty();
        }

        public Optional<BigDecimal> optionalDecimal(String key) {
            return has(key) && !(members.get(key) instanceof JsonNull) ? Optional.of(decimal(key)) : Optional.empty();
        }

        private JsonException wrongType(String key, String expected) {
            return new JsonException("key '" + key + "' must be " + expected + ", was " + Json.write(members.get(key)));
        }
    }

    static JsonString of(String s) {
        return new JsonString(s);
    }

    static JsonNumber of(BigDecimal d) {
        return new JsonNumber(d);
    }

    static JsonNumber of(long n) {
        return new JsonNumber(BigDecimal.valueOf(n));
    }

    /** A finite double, written in its shortest exact decimal form. */
    static JsonNumber of(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no representation for " + d);
        }
        return new JsonNumber(BigDecimal.valueOf(d));
    }

    static JsonBool of(boolean b) {
        return new JsonBool(b);
    }

    /** The map a parser fills for one object and then gives to {@link JsonObject}, which keeps it uncopied. */
    final class ParsedMembers extends LinkedHashMap<String, JsonValue> {
        ParsedMembers() {
            super(16);
        }
    }
}
