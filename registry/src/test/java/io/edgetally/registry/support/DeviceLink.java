package io.edgetally.registry.support;

import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.SignedAck;
import io.edgetally.protocol.mqtt.TopicKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One MQTT connection on the device side of the contract (tests and the load generator): publishes reports, states
 * and alarms, and records every ack it receives, per device, as signed acks.
 */
public final class DeviceLink implements AutoCloseable {

    private final MqttAsyncClient client;
    private final Map<String, List<SignedAck>> acks = new ConcurrentHashMap<>();
    private final Map<String, Long> highest = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private final boolean keepAll;

    public DeviceLink(String brokerUri, String clientId) throws MqttException {
        this(brokerUri, clientId, null);
    }

    /** With {@code will}: the Will {@code offline} on that device's state topic, as a device sets it. */
    public DeviceLink(String brokerUri, String clientId, DeviceTopics will) throws MqttException {
        this(brokerUri, clientId, will, true, List.of(DeviceTopics.everyDevice(TopicKind.ACK)));
    }

    /**
     * {@code keepAll} false: only the highest ack per device is kept (the load generator's many acks);
     * {@code ackFilters}: the ack topics this connection subscribes to.
     */
    public DeviceLink(String brokerUri, String clientId, DeviceTopics will, boolean keepAll, List<String> ackFilters)
            throws MqttException {
        this.keepAll = keepAll;
        client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                SignedAck a = SignedAck.decode(topic, m.getPayload());
                received.incrementAndGet();
                highest.merge(a.site() + "/" + a.device(), a.seq(), Math::max);
                if (keepAll) {
                    acks.computeIfAbsent(a.site() + "/" + a.device(), k -> new CopyOnWriteArrayList<>()).add(a);
                }
            }

            @Override
            public void deliveryComplete(IMqttToken t) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                if (reconnect) {
                    resubscribe(); // a clean session: the broker forgot the subscriptions
                }
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {}
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setKeepAliveInterval(2);
        o.setSocketFactory(new LoadSockets());
        if (will != null) {
            o.setWill(will.topic(TopicKind.STATE), new MqttMessage("offline".getBytes(), 1, true, null));
        }
        client.connect(o).waitForCompletion(10_000);
        this.ackFilters = List.copyOf(ackFilters);
        subscribe();
    }

    private final List<String> ackFilters;

    private void subscribe() throws MqttException {
        for (int i = 0; i < ackFilters.size(); i += 100) {
            List<String> part = ackFilters.subList(i, Math.min(ackFilters.size(), i + 100));
            client.subscribe(part.toArray(String[]::new), part.stream().mapToInt(f -> 1).toArray())
                    .waitForCompletion(10_000);
        }
    }

    private void resubscribe() {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                subscribe();
            } catch (MqttException e) {
                // the next reconnect tries again
            }
        });
    }

    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        while (true) {
            try {
                client.publish(topic, payload, qos, retained);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != 32202) {
                    throw e;
                }
                Thread.onSpinWait(); // in-flight window full: the broker PUBACKs within a moment
            }
        }
    }

    public void report(String site, String device, byte[] report) throws MqttException {
        publish(new DeviceTopics(site, device).topic(TopicKind.REPORT), report, 1, false);
    }

    /** Every ack received for {@code site/device}, in arrival order. */
    public List<SignedAck> acks(String site, String device) {
        return acks.getOrDefault(site + "/" + device, List.of());
    }

    /** The highest seq acked for the device so far (0 if none). */
    public long highestAck(String site, String device) {
        return highest.getOrDefault(site + "/" + device, 0L);
    }

    public long acksReceived() {
        return received.get();
    }

    /** Ends the connection without DISCONNECT, so the broker publishes the Will. */
    public void vanish() throws MqttException {
        client.disconnectForcibly(0, 0, false);
        client.close(true);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
