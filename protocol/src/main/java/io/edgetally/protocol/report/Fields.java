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

/** Reads an object's members with errors naming the full path of the field and what was expected. */
final class Fields {

    private final JsonObject o;
    private final String path;

    Fields(JsonObject o, String path) {
        this.o = o;
        this.path = path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private JsonValue require(String key) {
        return o.get(key).orElseThrow(() -> new ReportFormatException(path(key), "missing"));
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
        return o.get(key).filter(v -> !(v instanceof JsonNull)).map(v -> decimal(key));
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
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw wrong(key, "a UTC ISO-8601 time such as 2026-05-01T08:15:00Z");
        }
    }

    Fields object(String key) {
        if (require(key) instanceof JsonObject child) {
            return new Fields(child, path(key));
        }
        throw wrong(key, "an object");
    }

    Optional<Fields> optionalObject(String key) {
        return o.get(key).filter(v -> !(v instanceof JsonNull)).map(v -> object(key));
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
            return new Fields(child, path(key) + "[" + index + "]");
        }
        throw new ReportFormatException(path(key) + "[" + index + "]", "expected an object, found " + Json.write(v));
    }

    JsonObject raw() {
        return o;
    }
}
