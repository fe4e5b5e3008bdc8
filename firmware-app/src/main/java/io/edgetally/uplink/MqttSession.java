package io.edgetally.uplink;

import io.edgetally.protocol.mqtt.DeviceState;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.uplink.tls.TlsContexts;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * One Paho client and its session rules: clean session (our durability is the SQLite outbox, so Paho keeps nothing
 * but memory), the retained bare {@code offline} Will, the retained signed birth ({@code edgetally.state/2}, the
 * ledger's head), the ack subscription.
 * Paho's own automatic reconnect stays off: the uplink worker decides when to retry, with its injected clock.
 * Callbacks run on Paho's threads and only hand facts to the {@link Listener}.
 */
final class MqttSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttSession.class);

    /** Room in Paho's in-flight window besides reports: alarms and the birth message. */
    static final int EXTRA_IN_FLIGHT = 32;

    interface Listener {
        /** An ack's payload as received: the uplink worker decides whether to trust it. */
        void ackReceived(String topic, byte[] payload);

        void delivered(Object context);

        void connectionLost(String why);
    }

    private final UplinkConfig config;
    private final DeviceTopics topics;
    private final MqttAsyncClient client;
    private final Listener listener;

    MqttSession(UplinkConfig config, Listener listener) {
        this.config = config;
        this.topics = config.topics();
        this.listener = listener;
        try {
            this.client = new MqttAsyncClient(config.brokerUri().toString(), config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new UplinkConfigException("uplink.broker: " + config.brokerUri() + " refused by the MQTT client: "
                    + e.getMessage(), e);
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                listener.connectionLost(describe(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (topic.equals(topics.topic(TopicKind.ACK))) {
                    listener.ackReceived(topic, message.getPayload());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                Object context = token.getUserContext();
                if (context != null) {
                    listener.delivered(context);
                }
            }
        });
    }

    /**
     * Connects, subscribes to acks and publishes {@code birth} (retained); throws with a readable reason on failure.
     */
    void connect(byte[] birth) throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setMaxInflight(config.inFlightWindow() + EXTRA_IN_FLIGHT);
        o.setKeepAliveInterval((int) Math.max(1, config.keepAlive().toSeconds()));
        o.setConnectionTimeout((int) Math.max(1, config.connectTimeout().toSeconds()));
        o.setWill(topics.topic(TopicKind.STATE), DeviceState.OFFLINE.payload(), TopicKind.STATE.qos(), true);
        config.tls().ifPresent(t -> o.setSocketFactory(
                TlsContexts.mutual(t.caCertificate(), t.clientCertificate(), t.clientKey()).getSocketFactory()));
        if (config.credentials().isPresent()) {
            var c = config.credentials().get();
            o.setUserName(c.username());
            o.setPassword(readPassword(c));
        }
        long timeoutMillis = config.connectTimeout().toMillis();
        client.connect(o).waitForCompletion(timeoutMillis);
        client.subscribe(topics.topic(TopicKind.ACK), TopicKind.ACK.qos()).waitForCompletion(timeoutMillis);
        publish(TopicKind.STATE, birth, null);
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes with the QoS and retain flag of {@code kind}; {@code context} comes back in {@link Listener#delivered}. */
    void publish(TopicKind kind, byte[] payload, Object context) throws MqttException {
        client.publish(topics.topic(kind), payload, kind.qos(), kind.retained(), context, null);
    }

    /** Paho refused because its in-flight window is full: wait for PUBACKs rather than fail. */
    static boolean isWindowFull(MqttException e) {
        return e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT;
    }

    /** Drops a half-dead connection so the next attempt starts clean. */
    void abandon() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            log.debug("forcible disconnect: {}", e.getMessage());
        }
    }

    /** A clean goodbye: {@code offline} retained (the broker sends no Will on a clean disconnect), then disconnect. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.publish(topics.topic(TopicKind.STATE), DeviceState.OFFLINE.payload(), TopicKind.STATE.qos(), true)
                        .waitForCompletion(2000);
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            log.info("uplink closed without a clean disconnect: {}", e.getMessage());
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                log.debug("closing the MQTT client: {}", e.getMessage());
            }
        }
    }

    static char[] readPassword(UplinkConfig.Credentials c) {
        SecretFiles.requireOwnerOnly(c.passwordFile(), "uplink.passwordFile");
        try {
            return Files.readString(c.passwordFile(), StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new UplinkConfigException("uplink.passwordFile: cannot read " + c.passwordFile().toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "connection lost";
        }
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            sb.append(": ").append(c.getClass().getSimpleName()).append(' ').append(c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }
}
