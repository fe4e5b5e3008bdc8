package io.edgetally.uplink;

import io.edgetally.protocol.eta.EtaPayloadException;
import io.edgetally.protocol.eta.EtaSnapshot;
import io.edgetally.uplink.tls.TlsContexts;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the fleet dispatch platform's ETA snapshots ({@link EtaSnapshot}) on one topic. The station runs without
 * it (planning from its forecast), so it never stops the service: a broker that is down at start or goes away is
 * tried again every {@code retryEvery} on a daemon thread. Snapshots go to {@code onSnapshot} on Paho's thread;
 * malformed payloads are logged and counted, never passed on.
 */
public final class EtaSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtaSubscriber.class);

    /** Where to listen: a broker with the uplink's TLS and credentials, or a plain one on the station's LAN. */
    public record Connection(URI broker, String clientId, Optional<UplinkConfig.Credentials> credentials,
                             Optional<UplinkConfig.TlsFiles> tls) {

        public Connection {
            String scheme = broker.getScheme();
            if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
                throw new UplinkConfigException("station.eta.broker: expected tcp://host:port or ssl://host:port, was '"
                        + broker + "'");
            }
        }

        /** The uplink's broker, TLS and credentials, as a second client. */
        public static Connection sameAs(UplinkConfig uplink) {
            return new Connection(uplink.brokerUri(), uplink.clientId() + "-eta", uplink.credentials(), uplink.tls());
        }
    }

    private final Connection connection;
    private final String topic;
    private final Consumer<EtaSnapshot> onSnapshot;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService retry;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private EtaSubscriber(Connection connection, String topic, Consumer<EtaSnapshot> onSnapshot) {
        this.connection = connection;
        this.topic = topic;
        this.onSnapshot = onSnapshot;
        try {
            this.client = new MqttAsyncClient(connection.broker().toString(), connection.clientId(),
                    new MemoryPersistence());
        } catch (MqttException e) {
            throw new UplinkConfigException("station.eta.broker: " + connection.broker()
                    + " refused by the MQTT client: " + e.getMessage(), e);
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("ETA feed {}: connection lost ({}); retrying", connection.broker(), MqttSession.describe(cause));
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                accept(t, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // this client publishes nothing
            }
        });
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "eta-feed");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts listening (connecting in the background, now and whenever the connection is down). */
    public static EtaSubscriber start(Connection connection, String topic, Duration retryEvery,
                                      Consumer<EtaSnapshot> onSnapshot) {
        if (topic.isBlank() || topic.contains("#") || topic.contains("+")) {
            throw new UplinkConfigException("station.eta.topic: expected one topic without wildcards, was '" + topic
                    + "'");
        }
        EtaSubscriber s = new EtaSubscriber(connection, topic, onSnapshot);
        s.retry.scheduleWithFixedDelay(s::connectIfDown, 0, retryEvery.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Snapshots passed on so far. */
    public long received() {
        return received.get();
    }

    /** Payloads refused as malformed so far. */
    public long rejected() {
        return rejected.get();
    }

    private void accept(String t, byte[] payload) {
        EtaSnapshot snapshot;
        try {
            snapshot = EtaSnapshot.decode(t, payload);
        } catch (EtaPayloadException e) {
            rejected.incrementAndGet();
            LOG.warn("ETA feed: ignored a malformed snapshot: {}", e.getMessage());
            return;
        }
        received.incrementAndGet();
        onSnapshot.accept(snapshot);
    }

    private void connectIfDown() {
        if (client.isConnected()) {
            return;
        }
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(30);
            o.setConnectionTimeout(10);
            connection.tls().ifPresent(t -> o.setSocketFactory(
                    TlsContexts.mutual(t.caCertificate(), t.clientCertificate(), t.clientKey()).getSocketFactory()));
            if (connection.credentials().isPresent()) {
                o.setUserName(connection.credentials().get().username());
                o.setPassword(MqttSession.readPassword(connection.credentials().get()));
            }
            client.connect(o).waitForCompletion(15_000);
            // QoS 1: a snapshot published while we reconnect is not lost; the platform should also retain the last one
            client.subscribe(topic, 1).waitForCompletion(15_000);
            LOG.info("ETA feed: listening on {} at {}", topic, connection.broker());
        } catch (MqttException | RuntimeException e) {
            LOG.warn("ETA feed {}: not connected ({}); planning from the arrival forecast meanwhile",
                    connection.broker(), MqttSession.describe(e));
            if (client.isConnected()) {
                try {
                    client.disconnectForcibly(0, 1000, false);
                } catch (MqttException ignored) {
                    // the next attempt starts from a fresh connect either way
                }
            }
        }
    }

    @Override
    public void close() {
        retry.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("ETA feed: disconnect: {}", e.getMessage());
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("ETA feed: close: {}", e.getMessage());
            }
        }
    }
}
