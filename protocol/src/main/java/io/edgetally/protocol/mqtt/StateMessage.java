package io.edgetally.protocol.mqtt;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import java.nio.charset.StandardCharsets;

/**
 * What a registry may find on {@code .../state}: the bare words of contract version 1 ({@code online} from an old
 * device's birth, {@code offline} from any device's Will or clean goodbye), or a signed {@link StateBirth}.
 */
public sealed interface StateMessage {

    DeviceState state();

    /** {@code online} or {@code offline} as a bare word. */
    record Bare(DeviceState state) implements StateMessage {}

    /** A signed birth: online, with the device's chain head. */
    record Signed(StateBirth birth) implements StateMessage {
        @Override
        public DeviceState state() {
            return DeviceState.ONLINE;
        }
    }

    /** Decodes a state payload; the error names the topic and what was expected. */
    static StateMessage decode(String topic, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return new Bare(DeviceState.decode(topic, payload));
        }
        try {
            return new Signed(StateBirth.fromJson(topic, Json.parseObject(text)));
        } catch (JsonException e) {
            throw new MqttPayloadException(topic + ": a state birth must be a JSON object: " + e.getMessage(), e);
        }
    }
}
