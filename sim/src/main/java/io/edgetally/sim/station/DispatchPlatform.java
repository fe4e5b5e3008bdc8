package io.edgetally.sim.station;

import java.io.PrintStream;
import java.time.Instant;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The simulated fleet dispatch platform on the wire: publishes a {@link DispatchFeed}'s snapshots, retained at QoS 1,
 * as a real platform would. A broker that goes away costs the snapshots meanwhile, said once, never the simulation:
 * a platform outage is part of what the station must live with.
 */
public final class DispatchPlatform implements AutoCloseable {

    private final String broker;
    private final String topic;
    private final DispatchFeed feed;
    private final PrintStream log;
    private final MqttClient client;
    private boolean down;

    /** Connects now: a broker that is not there at the start is a mistake in the setup, and is refused. */
    public DispatchPlatform(String broker, String clientId, String topic, DispatchFeed feed, PrintStream log) {
        this.broker = broker;
        this.topic = topic;
        this.feed = feed;
        this.log = log;
        try {
            this.client = new MqttClient(broker, clientId, new MemoryPersistence());
            client.connect(options());
        } catch (MqttException e) {
            throw new IllegalStateException("simulated dispatch platform: cannot connect to " + broker + " ("
                    + e.getMessage() + "); is the broker running?", e);
        }
    }

    /** Publishes the snapshot of {@code now}, reconnecting first if the broker went away. */
    public void publish(Instant now) {
        try {
            if (!client.isConnected()) {
                client.connect(options());
            }
            client.publish(topic, feed.snapshotAt(now).encode(), 1, true);
            if (down) {
                down = false;
                log.println("simulated dispatch platform: " + broker + " reachable again; publishing");
            }
        } catch (MqttException e) {
            if (!down) {
                down = true;
                log.println("simulated dispatch platform: cannot publish ETAs to " + broker + " (" + e.getMessage()
                        + "); the station runs on, and publishing is tried again with every snapshot");
            }
        }
    }

    private static MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(2); // tried inside the station's tick: a dead broker must not stall the simulation
        return o;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            log.println("simulated dispatch platform: closing its MQTT client: " + e.getMessage());
        }
    }
}
