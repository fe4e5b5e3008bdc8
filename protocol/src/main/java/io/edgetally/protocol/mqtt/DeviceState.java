package io.edgetally.protocol.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * The retained payload on {@code .../state}: the bare word {@code online} (published on every connect) or
 * {@code offline} (the MQTT Will, published by the broker when the device vanishes, and by the device when it
 * closes cleanly).
 */
public enum DeviceState {
    ONLINE("online"),
    OFFLINE("offline");

    private final String word;

    DeviceState(String word) {
        this.word = word;
    }

    public byte[] payload() {
        return word.getBytes(StandardCharsets.US_ASCII);
    }

    public String word() {
        return word;
    }

    public static DeviceState decode(String topic, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        for (DeviceState s : values()) {
            if (s.word.equals(text)) {
                return s;
            }
        }
        throw new MqttPayloadException(topic + ": expected 'online' or 'offline', was '"
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }
}
