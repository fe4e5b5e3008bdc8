package io.edgetally.protocol.mqtt;

import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonObjectBuilder;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.report.TallyReport;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The signed birth ({@code edgetally.state/2}) a device publishes, retained, on {@code .../state} when it connects:
 * "I am online, and my ledger's newest record is {@code seq} with {@code hash}", signed with the device key. The
 * registry compares it with what it holds: a device that announces seq 120 while the registry holds 100 has 20
 * reports still to come (or withheld), which the chain alone cannot show. The payload is the canonical JSON of
 * {@code {schema, state, site, device, seq, hash, at, keyId, signature}}, the signature over the same without
 * {@code signature}. The MQTT Will stays the bare word {@code offline} (a Will is fixed at connect and cannot be
 * signed fresh), and registries also accept the bare {@code online} of contract version 1 (see
 * {@link StateMessage}).
 *
 * @param seq  the highest seq written to the device's ledger (0 before its first record)
 * @param hash that record's hash; 64 zeros for seq 0
 * @param at   the device clock when it connected (UTC)
 */
public record StateBirth(String site, String device, long seq, String hash, Instant at, String keyId,
                         String signature) {

    public static final String SCHEMA = "edgetally.state/2";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public StateBirth {
        if (seq < 0) {
            throw new IllegalArgumentException("birth seq must be 0 or more, was " + seq);
        }
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("birth hash must be 64 lower-case hex digits, was '" + hash + "'");
        }
        if (seq == 0 && !hash.equals(TallyReport.GENESIS_HASH)) {
            throw new IllegalArgumentException("a birth with seq 0 carries the genesis hash (64 zeros)");
        }
    }

    public static StateBirth sign(String site, String device, long seq, String hash, Instant at,
                                  Ed25519Signer deviceKey) {
        byte[] signed = signedBytes(site, device, seq, hash, at, deviceKey.keyId());
        return new StateBirth(site, device, seq, hash, at, deviceKey.keyId(), deviceKey.signBase64(signed));
    }

    public static byte[] signedBytes(String site, String device, long seq, String hash, Instant at, String keyId) {
        return Json.canonical(body(site, device, seq, hash, at, keyId).build());
    }

    public byte[] signedBytes() {
        return signedBytes(site, device, seq, hash, at, keyId);
    }

    /** Whether the signature verifies with {@code deviceKey} (the key id is not checked here). */
    public boolean verifies(Ed25519Verifier deviceKey) {
        return deviceKey.verifies(signedBytes(), signature);
    }

    /** The retained payload: canonical JSON. */
    public byte[] encode() {
        return Json.canonical(body(site, device, seq, hash, at, keyId).put("signature", signature).build());
    }

    private static JsonObjectBuilder body(String site, String device, long seq, String hash, Instant at,
                                          String keyId) {
        return JsonObject.builder()
                .put("schema", SCHEMA)
                .put("state", DeviceState.ONLINE.word())
                .put("site", site)
                .put("device", device)
                .put("seq", seq)
                .put("hash", hash)
                .put("at", at.toString())
                .put("keyId", keyId);
    }

    static StateBirth fromJson(String topic, JsonObject o) {
        try {
            String schema = o.string("schema");
            if (!SCHEMA.equals(schema)) {
                throw new MqttPayloadException(topic + ": state schema must be " + SCHEMA + ", was " + schema);
            }
            String state = o.string("state");
            if (!DeviceState.ONLINE.word().equals(state)) {
                throw new MqttPayloadException(topic + ": a signed state birth says \"online\", was \"" + state + "\"");
            }
            return new StateBirth(o.string("site"), o.string("device"), o.longValue("seq"), o.string("hash"),
                    Instant.parse(o.string("at")), o.string("keyId"), o.string("signature"));
        } catch (JsonException | IllegalArgumentException | DateTimeParseException e) {
            throw new MqttPayloadException(topic + ": not a valid " + SCHEMA + ": " + e.getMessage(), e);
        }
    }
}
