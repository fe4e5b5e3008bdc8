package io.edgetally.cli;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonBool;
import io.edgetally.protocol.json.JsonValue.JsonNull;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonString;
import io.edgetally.protocol.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a JSON member into words and a value with its unit, from the unit suffix every quantity in the CoAP
 * resources carries ({@code dryBulbCelsius}, {@code energyKwh}, {@code stepElapsedMinutes}). A member the view does
 * not know still prints readably.
 */
final class Quantities {

    /** Suffix and unit, longest suffix first where one ends another ("Kgce" before "Kg"). */
    private static final String[][] UNITS = {
            {"Celsius", "°C"}, {"Percent", "%"}, {"Kgce", "kgce"}, {"Kwh", "kWh"}, {"Kw", "kW"}, {"Kg", "kg"},
            {"Litres", "L"}, {"Seconds", "s"}, {"Minutes", "min"}, {"Hours", "h"}};

    private Quantities() {}

    /** "dryBulbCelsius" -> "dry bulb"; "co2NetKg" -> "CO2 net". */
    static String label(String key) {
        String bare = key;
        for (String[] unit : UNITS) {
            if (key.endsWith(unit[0]) && key.length() > unit[0].length()) {
                bare = key.substring(0, key.length() - unit[0].length());
                break;
            }
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : bare.toCharArray()) {
            if (Character.isUpperCase(c) && !word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
            word.append(Character.toLowerCase(c));
        }
        words.add(word.toString());
        return String.join(" ", words.stream().map(Quantities::chemical).toList());
    }

    private static String chemical(String word) {
        return switch (word) {
            case "co2" -> "CO2";
            case "so2" -> "SO2";
            case "nox" -> "NOx";
            case "pm" -> "PM";
            case "soc" -> "SOC";
            default -> word;
        };
    }

    /** The value with its unit: "37.6 °C", "5 h 10 min", "on", "-" for null. */
    static String value(String key, JsonValue v) {
        return switch (v) {
            case JsonNull n -> "-";
            case JsonBool b -> b.value() ? "on" : "off";
            case JsonString s -> s.value();
            case JsonNumber n -> number(key, n.value());
            default -> Json.write(v);
        };
    }

    private static String number(String key, BigDecimal n) {
        if (key.endsWith("Minutes")) {
            return minutes(n.longValue());
        }
        if (key.endsWith("Seconds")) {
            return seconds(n.longValue());
        }
        for (String[] unit : UNITS) {
            if (key.endsWith(unit[0])) {
                return n.toPlainString() + " " + unit[1];
            }
        }
        return n.toPlainString();
    }

    static String minutes(long total) {
        if (Math.abs(total) < 60) {
            return total + " min";
        }
        return String.format(Locale.ROOT, "%d h %02d min", total / 60, Math.abs(total % 60));
    }

    static String seconds(long total) {
        long days = total / 86_400;
        String clock = String.format(Locale.ROOT, "%02d:%02d:%02d", total % 86_400 / 3600, total % 3600 / 60,
                total % 60);
        return days > 0 ? days + " d " + clock : clock;
    }
}
