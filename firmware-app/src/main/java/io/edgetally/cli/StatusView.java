package io.edgetally.cli;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.JsonValue.JsonArray;
import io.edgetally.protocol.json.JsonValue.JsonNull;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The operator's view of the CoAP resources as terminal text: alarms first, then device status, the site's live
 * state and the tallies, every quantity with its unit. Members it does not know are still shown, so an older CLI
 * reads a newer controller. Shapes: {@code docs/coap.md}.
 */
final class StatusView {

    private static final String INDENT = "  ";

    private StatusView() {}

    static String alarms(JsonObject alarms) {
        List<JsonObject> active = objects(alarms, "active");
        StringBuilder sb = new StringBuilder("ALARMS  ").append(active.isEmpty() ? "none active" : active.size()
                + " active").append('\n');
        if (active.isEmpty()) {
            return sb.toString();
        }
        TextTable t = new TextTable(INDENT).row("SEVERITY", "CODE", "SINCE", "ACK", "MESSAGE");
        // critical first, then oldest first as the controller listed them
        List<JsonObject> ordered = new ArrayList<>(active);
        ordered.sort((a, b) -> Boolean.compare(!critical(a), !critical(b)));
        for (JsonObject a : ordered) {
            String ack = a.get("acknowledged").filter(v -> v.equals(JsonValue.of(true))).isPresent()
                    ? "by " + text(a, "acknowledgedBy") : "no";
            t.row(text(a, "severity").toUpperCase(Locale.ROOT), text(a, "code"), text(a, "raisedAt"), ack,
                    text(a, "message"));
        }
        t.appendTo(sb);
        return sb.toString();
    }

    static String status(JsonObject status) {
        StringBuilder sb = new StringBuilder("STATUS  ").append(text(status, "device")).append(" at site ")
                .append(text(status, "site")).append(" (").append(text(status, "kind")).append(")\n");
        TextTable t = new TextTable(INDENT);
        t.row("firmware", text(status, "firmwareVersion"));
        t.row("uptime", text(status, "uptimeSeconds"));
        t.row("mode", text(status, "mode"));
        t.row("uplink", text(status, "uplink"));
        t.row("outbox backlog", text(status, "outboxBacklog") + " records not yet acknowledged");
        t.row("active alarms", text(status, "activeAlarms"));
        t.row("clock", status.get("clockSynced").map(v -> v.equals(JsonValue.of(true)) ? "synced" : "NOT synced")
                .orElse("-"));
        t.row("as of", text(status, "at"));
        rest(status, t, Set.of("device", "site", "kind", "firmwareVersion", "uptimeSeconds", "mode", "uplink",
                "outboxBacklog", "activeAlarms", "clockSynced", "at"));
        t.appendTo(sb);
        return sb.toString();
    }

    static String site(SiteKind kind, JsonObject site) {
        return switch (kind) {
            case CURING_BARN -> barn(site);
            case SWAP_STATION -> station(site);
        };
    }

    static String barn(JsonObject barn) {
        StringBuilder sb = new StringBuilder("BARN  schedule ").append(text(barn, "scheduleId")).append('\n');
        TextTable t = new TextTable(INDENT);
        t.row("stage", text(barn, "stage"));
        if (barn.get("step").orElse(JsonNull.INSTANCE) instanceof JsonObject step) {
            String confirm = step.get("awaitingConfirmation").filter(v -> v.equals(JsonValue.of(true))).isPresent()
                    ? " · AWAITING OPERATOR CONFIRMATION" : "";
            t.row("step", text(step, "index") + " of " + text(step, "count") + " · " + text(step, "name") + " · "
                    + text(step, "phase") + confirm);
        }
        JsonObject process = object(barn, "processTime");
        t.row("step time", text(process, "stepElapsedMinutes") + " elapsed, "
                + text(process, "stepRemainingMinutes") + " left");
        t.row("cure time", text(process, "cureElapsedMinutes") + " elapsed, "
                + text(process, "cureRemainingMinutes") + " left");
        t.row("outputs", inline(object(barn, "outputs")));
        t.row("as of", text(barn, "at"));
        t.appendTo(sb);
        JsonObject targets = object(barn, "targets");
        JsonObject actuals = object(barn, "actuals");
        TextTable curve = new TextTable(INDENT).row("", "TARGET", "ACTUAL");
        Set<String> keys = new LinkedHashSet<>(targets.members().keySet());
        keys.addAll(actuals.members().keySet());
        for (String key : keys) {
            curve.row(Quantities.label(key), text(targets, key), text(actuals, key));
        }
        curve.appendTo(sb);
        return sb.toString();
    }

    static String station(JsonObject station) {
        StringBuilder sb = new StringBuilder("STATION  ").append(text(station, "readyPacks"))
                .append(" packs ready (swap at ").append(text(station, "swapThresholdPercent"))
                .append(" or more)\n");
        TextTable packs = new TextTable(INDENT).row("PACK", "SLOT", "SOC", "STATE");
        for (JsonObject p : objects(station, "packs")) {
            packs.row(text(p, "id"), text(p, "slot"), text(p, "socPercent"), text(p, "state"));
        }
        packs.appendTo(sb);
        TextTable chargers = new TextTable(INDENT).row("CHARGER", "PACK", "POWER", "STATE");
        for (JsonObject c : objects(station, "chargers")) {
            chargers.row(text(c, "id"), text(c, "packId"), text(c, "powerKw"), text(c, "state"));
        }
        chargers.appendTo(sb);
        TextTable t = new TextTable(INDENT);
        t.row("power", inline(object(station, "power")));
        t.row("queue", inline(object(station, "queue")));
        t.row("as of", text(station, "at"));
        t.appendTo(sb);
        return sb.toString();
    }

    static String tally(JsonObject tally) {
        JsonObject methodology = object(tally, "methodology");
        StringBuilder sb = new StringBuilder("TALLY  methodology ").append(text(methodology, "id")).append(" v")
                .append(text(methodology, "version")).append(" · last record ").append(text(tally, "lastSeq"))
                .append(", acknowledged by the registry up to ").append(text(tally, "lastAckedSeq")).append('\n');
        JsonObject periods = object(tally, "periods");
        List<String> names = new ArrayList<>(periods.members().keySet());
        Set<String> rows = new LinkedHashSet<>();
        for (String name : names) {
            rows.addAll(object(periods, name).members().keySet());
        }
        TextTable t = new TextTable(INDENT);
        List<String> header = new ArrayList<>(List.of(""));
        names.forEach(n -> header.add(n.toUpperCase(Locale.ROOT)));
        t.row(header.toArray(String[]::new));
        for (String key : rows) {
            List<String> cells = new ArrayList<>(List.of(tallyLabel(key)));
            for (String name : names) {
                cells.add(text(object(periods, name), key));
            }
            t.row(cells.toArray(String[]::new));
        }
        t.appendTo(sb);
        return sb.toString();
    }

    /** The whole picture, alarms first. */
    static String full(String uri, SiteKind kind, JsonObject status, JsonObject alarms, JsonObject site,
                       JsonObject tally) {
        return "edgetally status · " + uri + "\n\n" + alarms(alarms) + '\n' + status(status) + '\n'
                + site(kind, site) + '\n' + tally(tally);
    }

    private static String tallyLabel(String key) {
        return switch (key) {
            case "energyKwh" -> "electricity used";
            case "displacedKgce" -> "fuel displaced";
            case "dieselLitres" -> "diesel displaced";
            case "co2Kg" -> "CO2 avoided";
            case "so2Kg" -> "SO2 avoided";
            case "noxKg" -> "NOx avoided";
            case "pmKg" -> "PM avoided";
            case "co2NetKg" -> "CO2 net of grid";
            default -> Quantities.label(key);
        };
    }

    private static boolean critical(JsonObject alarm) {
        return text(alarm, "severity").equalsIgnoreCase("critical");
    }

    /** "heater on · fan high · damper 20 %" */
    private static String inline(JsonObject o) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
            parts.add(Quantities.label(e.getKey()) + " " + Quantities.value(e.getKey(), e.getValue()));
        }
        return parts.isEmpty() ? "-" : String.join(" · ", parts);
    }

    private static void rest(JsonObject o, TextTable t, Set<String> shown) {
        for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
            if (!shown.contains(e.getKey())) {
                t.row(Quantities.label(e.getKey()), Quantities.value(e.getKey(), e.getValue()));
            }
        }
    }

    private static String text(JsonObject o, String key) {
        return o.get(key).map(v -> Quantities.value(key, v)).orElse("-");
    }

    private static JsonObject object(JsonObject o, String key) {
        return o.get(key).orElse(JsonNull.INSTANCE) instanceof JsonObject inner ? inner : JsonObject.builder().build();
    }

    private static List<JsonObject> objects(JsonObject o, String key) {
        if (o.get(key).orElse(JsonNull.INSTANCE) instanceof JsonArray a) {
            return a.items().stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
        }
        return List.of();
    }
}
