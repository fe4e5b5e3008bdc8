package io.edgetally.protocol.report;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonBool;
import io.edgetally.protocol.json.JsonValue.JsonNull;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads an object's members with errors naming the full path of the field and what was expected. */
final class Fields {

    private final JsonObject o;
    /** Where this object sits, made only for an error message: a report is read field by field per verification. */
    private final Supplier<String> path;

    Fields(JsonObject o, String path) {
        this(o, () -> path);
    }

    private Fields(JsonObject o, Supplier<String> path) {
        this.o = o;
        this.path = path;
    }

    String path(String key) {
        String p = path.get();
        return p.isEmpty() ? key : p + "." + key;
    }

    private JsonValue require(String key) {
        JsonValue v = o.members().get(key);
        if (v == null) {
            throw new ReportFormatException(path(key), "missing");
        }
        return v;
    }

    /** The member, or empty when it is absent or JSON null. */
    private Optional<JsonValue> present(String key) {
        JsonValue v = o.members().get(key);
        return v == null || v instanceof JsonNull ? Optional.empty() : Optional.of(v);
    }

    private ReportFormatException wrong(String key, String expected) {
        String found = Json.write(require(key));
        if (found.length() > 60) {
            found = found.substring(0, 57) + "...";
        }
        return new ReportFormatException(path(key), "expected " + expected + ", found " + found);
    }

    String string(String key) {
        if (require(key) instanceof JsonString s) {
            return s.value();
        }
        throw wrong(key, "a string");
    }

    BigDecimal decimal(String key) {
        if (require(key) instanceof JsonNumber n) {
            return n.value();
        }
        throw wrong(key, "a number");
    }

    Optional<BigDecimal> optionalDecimal(String key) {
        return present(key).isEmpty() ? Optional.empty() : Optional.of(decimal(key));
    }

    long wholeNumber(String key) {
        BigDecimal d = decimal(key);
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            throw wrong(key, "a whole number");
        }
    }

    boolean bool(String key) {
        if (require(key) instanceof JsonBool b) {
            return b.value();
        }
        throw wrong(key, "true or false");
    }

    Instant instant(String key) {
        String s = string(key);
        try {
            return Times.parseInstant(s);
        } catch (DateTimeParseException e) {
            throw wrong(key, "a UTC ISO-8601 time such as 2026-05-01T08:15:00Z");
        }
    }

    Fields object(String key) {
        if (require(key) instanceof JsonObject child) {
            return new Fields(child, () -> path(key));
        }
        throw wrong(key, "an object");
    }

    Optional<Fields> optionalObject(String key) {
        return present(key).isEmpty() ? Optional.empty() : Optional.of(object(key));
    }

    JsonArray array(String key) {
        if (require(key) instanceof JsonArray a) {
            return a;
        }
        throw wrong(key, "an array");
    }

    Fields element(String key, int index) {
        JsonValue v = array(key).items().get(index);
        if (v instanceof JsonObject child) {
            return new Fields(child, () -> path(key) + "[" + index + "]");
        }
        throw new ReportFormatException(path(key) + "[" + index + "]", "expected an object, found " + Json.write(v));
    }

    JsonObject raw() {
        return o;
    }
}
