package io.edgetally.sim.registry;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Counts the messages a broker delivers on a topic filter: what reaches it that the registry does not keep. */
final class TopicListener implements AutoCloseable {

    private final MqttClient client;
    private final AtomicLong received = new AtomicLong();

    TopicListener(String brokerUri, String filter) throws MqttException {
        client = new MqttClient(brokerUri, "listener-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        client.subscribe(filter, 1, (topic, message) -> received.incrementAndGet());
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
