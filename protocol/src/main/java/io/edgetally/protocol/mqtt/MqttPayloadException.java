package io.edgetally.protocol.mqtt;

/** An MQTT topic or payload that does not follow the contract; the message names the topic and what was expected. */
public final class MqttPayloadException extends RuntimeException {
    public MqttPayloadException(String message) {
        super(message);
    }

    public MqttPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
