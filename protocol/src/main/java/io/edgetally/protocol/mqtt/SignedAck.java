package io.edgetally.protocol.mqtt;

import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.report.TallyReport;
import java.util.regex.Pattern;

/**
 * The registry's signed acknowledgement ({@code edgetally.ack/2}) on {@code .../ack}: "I hold every report 1..seq of
 * this device, and report seq is the one whose hash is {@code hash}", signed with the registry's own Ed25519 key.
 * The device checks it with {@link AckCheck} before it forgets anything. The payload is the canonical JSON of
 * {@code {schema, site, device, seq, hash, keyId, signature}}; the signature covers the canonical form of the same
 * object without {@code signature}. A device of contract version 1 reads only {@code seq} from it ({@link Ack}
 * ignores the other members), so one registry serves old and new devices alike.
 *
 * @param hash  the hash of report {@code seq} as the registry stored it; 64 zeros for seq 0
 * @param keyId the registry key's id (first 8 bytes of SHA-256 of its raw public key, hex)
 */
public record SignedAck(String site, String device, long seq, String hash, String keyId, String signature) {

    public static final String SCHEMA = "edgetally.ack/2";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public SignedAck {
        if (seq < 0) {
            throw new IllegalArgumentException("ack seq must be 0 or more, was " + seq);
        }
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("ack hash must be 64 lower-case hex digits, was '" + hash + "'");
        }
    }

    /** The ack for {@code seq} (whose report has {@code hash}), signed by the registry key. */
    public static SignedAck sign(String site, String device, long seq, String hash, Ed25519Signer registryKey) {
        byte[] signed = signedBytes(site, device, seq, hash, registryKey.keyId());
        return new SignedAck(site, device, seq, hash, registryKey.keyId(), registryKey.signBase64(signed));
    }

    /** The ack of a registry that holds no report of the device yet: seq 0, the genesis hash. */
    public static SignedAck none(String site, String device, Ed25519Signer registryKey) {
        return sign(site, device, 0, TallyReport.GENESIS_HASH, registryKey);
    }

    /** The bytes the signature covers: canonical JSON of every member but {@code signature}. */
    public static byte[] signedBytes(String site, String device, long seq, String hash, String keyId) {
        return Json.canonical(body(site, device, seq, hash, keyId).build());
    }

    public byte[] signedBytes() {
        return signedBytes(site, device, seq, hash, keyId);
    }

    /** Whether the signature verifies with {@code registryKey} (the key id is not checked here). */
    public boolean verifies(Ed25519Verifier registryKey) {
        return registryKey.verifies(signedBytes(), signature);
    }

    /** The payload published: canonical JSON, QoS 1, not retained. */
    public byte[] encode() {
        return Json.canonical(body(site, device, seq, hash, keyId).put("signature", signature).build());
    }

    /** This ack as the v1 value a device without the registry's key works with. */
    public Ack asV1() {
        return new Ack(seq);
    }

    private static io.edgetally.protocol.json.JsonObjectBuilder body(String site, String device, long seq,
                                                                     String hash, String keyId) {
        return JsonObject.builder()
                .put("schema", SCHEMA)
                .put("site", site)
                .put("device", device)
                .put("seq", seq)
                .put("hash", hash)
                .put("keyId", keyId);
    }

    /**
     * Reads a signed ack received on {@code topic}; the error names the topic and what is missing. It does not
     * verify anything: see {@link AckCheck}. A v1 ack ({@code {"seq":N}} alone) is refused here as unsigned.
     */
    public static SignedAck decode(String topic, byte[] payload) {
        JsonObject o;
        try {
            o = Json.parseObject(payload);
        } catch (JsonException e) {
            throw new MqttPayloadException(topic + ": an ack must be a JSON object: " + e.getMessage(), e);
        }
        if (!o.has("schema") && !o.has("signature")) {
            throw new MqttPayloadException(topic + ": unsigned ack (contract v1, only seq); expected " + SCHEMA);
        }
        try {
            String schema = o.string("schema");
            if (!SCHEMA.equals(schema)) {
                throw new MqttPayloadException(topic + ": ack schema must be " + SCHEMA + ", was " + schema);
            }
            return new SignedAck(o.string("site"), o.string("device"), o.longValue("seq"), o.string("hash"),
                    o.string("keyId"), o.string("signature"));
        } catch (JsonException | IllegalArgumentException e) {
            throw new MqttPayloadException(topic + ": not a valid " + SCHEMA + ": " + e.getMessage(), e);
        }
    }
}
