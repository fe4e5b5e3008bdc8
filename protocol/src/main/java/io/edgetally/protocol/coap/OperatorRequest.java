package io.edgetally.protocol.coap;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonNull;
import io.edgetally.protocol.json.JsonValue.JsonNumber;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.json.JsonValue.JsonString;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An operator action as it travels in a CoAP POST (over DTLS only): which resource it is sent to and the JSON body
 * it carries. Parsing is strict: unknown keys are refused so a typo ({@code "minute"}) never passes silently.
 */
public sealed interface OperatorRequest {

    /** Bodies are tiny; anything larger is refused with 4.13 before it is parsed. */
    int MAX_BODY_BYTES = 256;
    /** One extension is at most half a day; an operator who needs more extends again, on the record. */
    int MAX_EXTEND_MINUTES = 720;
    /** Far above any station's connection; catches a value typed in W instead of kW. */
    BigDecimal MAX_POWER_CAP_KW = new BigDecimal("100000");

    Kind kind();

    /** The body to POST; empty for actions that take no arguments. */
    JsonObject toJson();

    /** The actions, each with a stable id (used in events and {@code rt}) and the path it is posted to. */
    enum Kind {
        CONFIRM_STEP("barn.step.confirm", "/barn/step/confirm", Set.of(SiteKind.CURING_BARN)),
        ADVANCE_STEP("barn.step.advance", "/barn/step/advance", Set.of(SiteKind.CURING_BARN)),
        EXTEND_STEP("barn.step.extend", "/barn/step/extend", Set.of(SiteKind.CURING_BARN)),
        SWITCH_SCHEDULE("barn.schedule", "/barn/schedule", Set.of(SiteKind.CURING_BARN)),
        ACKNOWLEDGE_ALARM("alarms.ack", "/alarms/ack", Set.of(SiteKind.CURING_BARN, SiteKind.SWAP_STATION)),
        SET_POWER_CAP("station.cap", "/station/cap", Set.of(SiteKind.SWAP_STATION));

        private final String id;
        private final String path;
        private final Set<SiteKind> sites;

        Kind(String id, String path, Set<SiteKind> sites) {
            this.id = id;
            this.path = path;
            this.sites = sites;
        }

        public String id() {
            return id;
        }

        public String path() {
            return path;
        }

        public boolean appliesTo(SiteKind site) {
            return sites.contains(site);
        }

        public static List<Kind> forSite(SiteKind site) {
            return Arrays.stream(values()).filter(k -> k.appliesTo(site)).toList();
        }
    }

    /** The operator has seen the leaf meet the step's exit criteria; leave the step. */
    record ConfirmStep() implements OperatorRequest {
        public Kind kind() {
            return Kind.CONFIRM_STEP;
        }

        public JsonObject toJson() {
            return JsonObject.builder().build();
        }
    }

    /** Leave the current step now, whatever its timer says. */
    record AdvanceStep() implements OperatorRequest {
        public Kind kind() {
            return Kind.ADVANCE_STEP;
        }

        public JsonObject toJson() {
            return JsonObject.builder().build();
        }
    }

    /** Hold the current step this many minutes longer. Body {@code {"minutes": 90}}. */
    record ExtendStep(int minutes) implements OperatorRequest {
        public ExtendStep {
            if (minutes < 1 || minutes > MAX_EXTEND_MINUTES) {
                throw new InvalidRequestException(
                        "'minutes' must be a whole number from 1 to " + MAX_EXTEND_MINUTES + ", was " + minutes);
            }
        }

        public Kind kind() {
            return Kind.EXTEND_STEP;
        }

        public JsonObject toJson() {
            return JsonObject.builder().put("minutes", minutes).build();
        }
    }

    /** Switch to another installed curing schedule. Body {@code {"id": "k326-middle"}}. */
    record SwitchSchedule(String scheduleId) implements OperatorRequest {
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

        public SwitchSchedule {
            if (!ID.matcher(scheduleId).matches()) {
                throw new InvalidRequestException(
                        "'id' must be 1 to 64 letters, digits, '.', '_' or '-', was \"" + scheduleId + "\"");
            }
        }

        public Kind kind() {
            return Kind.SWITCH_SCHEDULE;
        }

        public JsonObject toJson() {
            return JsonObject.builder().put("id", scheduleId).build();
        }
    }

    /** Acknowledge an active alarm by its code. Body {@code {"code": "barn.fan.stopped"}}. */
    record AcknowledgeAlarm(String code) implements OperatorRequest {
        private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

        public AcknowledgeAlarm {
            if (!CODE.matcher(code).matches()) {
                throw new InvalidRequestException(
                        "'code' must be an alarm code such as barn.fan.stopped, was \"" + code + "\"");
            }
        }

        public Kind kind() {
            return Kind.ACKNOWLEDGE_ALARM;
        }

        public JsonObject toJson() {
            return JsonObject.builder().put("code", code).build();
        }
    }

    /**
     * Set the station's external power cap (a grid operator's limit) in kW, or lift it. Body {@code {"kw": 1800}};
     * {@code {"kw": null}} lifts it.
     */
    record SetPowerCap(Optional<BigDecimal> capKw) implements OperatorRequest {
        public SetPowerCap {
            capKw.ifPresent(kw -> {
                if (kw.signum() < 0 || kw.compareTo(MAX_POWER_CAP_KW) > 0 || kw.stripTrailingZeros().scale() > 3) {
                    throw new InvalidRequestException("'kw' must be from 0 to " + MAX_POWER_CAP_KW.toPlainString()
                            + " kW with at most 3 decimals (or null to lift the cap), was " + kw.toPlainString());
                }
            });
        }

        public Kind kind() {
            return Kind.SET_POWER_CAP;
        }

        public JsonObject toJson() {
            return JsonObject.builder().putOrNull("kw", capKw.map(JsonValue::of)).build();
        }
    }

    /**
     * Reads the body posted to {@code kind}'s path. An empty body counts as {@code {}}.
     *
     * @throws InvalidRequestException with a short reason when the body is not valid JSON or not the expected shape
     */
    static OperatorRequest parse(Kind kind, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("body is " + body.length + " bytes, at most " + MAX_BODY_BYTES);
        }
        JsonObject o;
        try {
            o = body.length == 0 ? JsonObject.builder().build() : Json.parseObject(body);
        } catch (JsonException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getMessage());
        }
        return switch (kind) {
            case CONFIRM_STEP -> {
                onlyKeys(o);
                yield new ConfirmStep();
            }
            case ADVANCE_STEP -> {
                onlyKeys(o);
                yield new AdvanceStep();
            }
            case EXTEND_STEP -> {
                onlyKeys(o, "minutes");
                yield new ExtendStep(wholeNumber(o, "minutes"));
            }
            case SWITCH_SCHEDULE -> {
                onlyKeys(o, "id");
                yield new SwitchSchedule(string(o, "id"));
            }
            case ACKNOWLEDGE_ALARM -> {
                onlyKeys(o, "code");
                yield new AcknowledgeAlarm(string(o, "code"));
            }
            case SET_POWER_CAP -> {
                onlyKeys(o, "kw");
                JsonValue kw = required(o, "kw");
                yield switch (kw) {
                    case JsonNull n -> new SetPowerCap(Optional.empty());
                    case JsonNumber n -> new SetPowerCap(Optional.of(n.value()));
                    default -> throw new InvalidRequestException("'kw' must be a number of kW or null");
                };
            }
        };
    }

    private static void onlyKeys(JsonObject o, String... allowed) {
        List<String> known = List.of(allowed);
        for (String key : o.members().keySet()) {
            if (!known.contains(key)) {
                throw new InvalidRequestException("unknown key '" + key + "'"
                        + (known.isEmpty() ? ", this action takes no body" : ", expected " + known));
            }
        }
    }

    private static JsonValue required(JsonObject o, String key) {
        return o.get(key).orElseThrow(() -> new InvalidRequestException("missing key '" + key + "'"));
    }

    private static String string(JsonObject o, String key) {
        if (required(o, key) instanceof JsonString s) {
            return s.value();
        }
        throw new InvalidRequestException("'" + key + "' must be a string");
    }

    private static int wholeNumber(JsonObject o, String key) {
        if (required(o, key) instanceof JsonNumber n) {
            try {
                return n.value().intValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidRequestException(
                        "'" + key + "' must be a whole number, was " + n.value().toPlainString());
            }
        }
        throw new InvalidRequestException("'" + key + "' must be a number");
    }
}
