package io.edgetally.registry.ingest;

import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.registry.config.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's signed acks go out on a connection of their own ({@code clientId + "-acks"}, clean start, no
 * subscription). The report connection's reader may stop reading to hold the broker back (the ingest bounds what
 * it has received and not yet filed); if acks went out there, the PUBACKs the broker returns for them would wait
 * behind it, the acks' in-flight window would fill, and the ack stage would stall the commits it follows. On its
 * own connection nothing ever blocks its reader. An ack lost with a dropped connection is replaced by the next one
 * for the device (every batch that touches a device acks it again), so this connection keeps no session.
 */
final class AckPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AckPublisher.class);
    /** Paho: the client's in-flight window is full. */
    private static final int MAX_INFLIGHT = 32202;

    private final RegistryConfig.Mqtt mqtt;
    private final MqttAsyncClient client;
    private final List<IMqttToken> pending = new ArrayList<>();

    AckPublisher(RegistryConfig.Mqtt mqtt) throws MqttException {
        this.mqtt = mqtt;
        this.client = new MqttAsyncClient(mqtt.uri(), mqtt.clientId() + "-acks", new MemoryPersistence());
    }

    /** Connects (Paho reconnects by itself afterwards: there is no session to resume). */
    void connect() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {mqtt.uri()});
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(2_000);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        if (mqtt.uri().startsWith("tcp://")) {
            o.setSocketFactory(new BufferedSockets());
        }
        mqtt.username().ifPresent(o::setUserName);
        mqtt.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        client.connect(o).waitForCompletion(15_000);
    }

    boolean connected() {
        return client.isConnected();
    }

    /**
     * Hands {@code payload} to the client for {@code topic}; waits while the in-flight window is full. False only
     * while the connection is down (Paho is reconnecting): the caller waits and hands it again, so that no report's
     * PUBACK goes out before its batch's acks were handed over. An ack the client refuses for another reason is
     * logged and dropped (the device gets the next one, or publishes again).
     */
    boolean publish(String topic, byte[] payload) {
        while (true) {
            try {
                pending.add(client.publish(topic, payload, TopicKind.ACK.qos(), TopicKind.ACK.retained()));
                if (pending.size() >= 4_096) {
                    pending.removeIf(IMqttToken::isComplete); // every few thousand acks, not on each one
                    if (pending.size() >= 2_048) {
                        waitForPending();
                    }
                }
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() == MAX_INFLIGHT) {
                    waitForPending();
                } else if (!client.isConnected()) {
                    return false;
                } else {
                    log.warn("registry could not publish the ack on {}: {}", topic, e.getMessage());
                    return true;
                }
            }
        }
    }

    private void waitForPending() {
        for (IMqttToken t : pending) {
            try {
                t.waitForCompletion(5_000);
            } catch (MqttException e) {
                // acks are repeated: a lost one is replaced by the next
            }
        }
        pending.clear();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("closing the ack connection: {}", e.getMessage());
        }
    }
}
