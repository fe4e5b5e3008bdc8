package io.edgetally.protocol.mqtt;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The registry's acknowledgement on {@code .../ack}: {@code {"seq":N}}, the highest seq such that the registry has
 * stored every report 1..N of that device. 0 means it holds none yet. A device may forget every report up to N;
 * an ack never covers a gap, so acks only move forward and a repeated one is harmless.
 *
 * <p>This is contract version 1; a registry now publishes a {@link SignedAck} ({@code edgetally.ack/2}), whose
 * {@code seq} member {@link #decode} reads like this one's, ignoring the others, so a v1 device is served as before.
 */
public record Ack(long seq) {

    public Ack {
        if (seq < 0) {
            throw new IllegalArgumentException("ack seq must be 0 or more, was " + seq);
        }
    }

    public byte[] encode() {
        return Json.write(JsonObject.builder().put("seq", seq).build()).getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes an ack payload received on {@code topic} (named in the error). */
    public static Ack decode(String topic, byte[] payload) {
        try {
            JsonObject o = Json.parseObject(payload);
            long seq = o.longValue("seq");
            if (seq < 0) {
                throw new MqttPayloadException(topic + ": ack seq must be 0 or more, was " + seq);
            }
            return new Ack(seq);
        } catch (JsonException e) {
            throw new MqttPayloadException(topic + ": expected an ack like {\"seq\":42}: " + e.getMessage(), e);
        }
    }
}
