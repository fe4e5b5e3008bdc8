package io.edgetally.sim.registry;

import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonException;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.mqtt.Ack;
import io.edgetally.protocol.mqtt.DeviceState;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.MqttPayloadException;
import io.edgetally.protocol.mqtt.TopicKind;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference registry: what a central server must do for edgetally devices, small enough to read in one go.
 * It subscribes to every device's {@code report}, {@code state}, {@code alarm} and {@code telemetry}, checks each report with a {@link ReportAcceptor},
 * files it by (device, seq) in its own SQLite file (a replay is counted, never stored twice), checks the hash
 * chain against the stored neighbours, and acks the highest contiguous seq on the device's {@code ack} topic.
 *
 * <p>Durable before acknowledged: the registry's ack to the device follows the commit of the batch holding the
 * report (synchronous=FULL). The broker's PUBACK is sent on arrival, so a registry that crashes with reports
 * still in memory loses them, but never their acks: the device sends them again after its ack timeout.
 * (Holding PUBACKs until the commit would add nothing to that guarantee and, with Moquette's in-flight window of
 * ten, cut the batch size and the drain rate to a third.) Its MQTT session is persistent (clean session off, a
 * fixed client id), so a broker that stays up queues reports while the registry is down.
 * One writer thread stores and acks; Paho's thread only queues what arrives.
 */
public final class ReferenceRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceRegistry.class);
    private static final int BATCH = 512;
    private static final long LINGER_MILLIS = 3;

    private record Arrival(String topic, MqttMessage message) {}

    private final String brokerUri;
    private final String clientId;
    private final RegistryStore store;
    private final ReportAcceptor acceptor;
    private final Clock clock;
    private final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final Map<String, String> acksToSend = new LinkedHashMap<>(); // device -> ack topic; writer thread only
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong telemetry = new AtomicLong();
    private volatile MqttAsyncClient client;
    private int reconnectTicks;
    private final Thread writer;
    private volatile boolean running;
    private boolean closed;

    public ReferenceRegistry(String brokerUri, String clientId, Path databaseFile, ReportAcceptor acceptor, Clock clock) {
        this.brokerUri = brokerUri;
        this.clientId = clientId;
        this.store = new RegistryStore(databaseFile);
        this.acceptor = acceptor;
        this.clock = clock;
        this.writer = Thread.ofPlatform().daemon().name("registry-writer").unstarted(this::writeLoop);
    }

    /** A registry with the field-checking acceptor and the system clock, connected and subscribed. */
    public static ReferenceRegistry start(String brokerUri, Path databaseFile) {
        ReferenceRegistry r = new ReferenceRegistry(brokerUri, "edgetally-registry", databaseFile,
                new FieldCheckingAcceptor(), Clock.systemUTC());
        r.start();
        return r;
    }

    public void start() {
        running = true;
        // A broker that has just started can drop a first connection (Moquette 0.17 closed one mid-SUBSCRIBE while
        // another client connected): a few tries, a moment apart, before the registry gives up.
        for (int attempt = 1; ; attempt++) {
            try {
                connect();
                break;
            } catch (MqttException e) {
                if (attempt == START_ATTEMPTS) {
                    close();
                    throw new IllegalStateException("registry cannot reach the broker at " + brokerUri + " after "
                            + attempt + " tries: " + e.getMessage(), e);
                }
                log.warn("registry could not subscribe at {} (try {} of {}): {}", brokerUri, attempt, START_ATTEMPTS,
                        e.getMessage());
                pauseBeforeRetry(); // connect() has closed the failed client
            }
        }
        writer.start();
        log.info("registry {} listening on {}", clientId, brokerUri);
    }

    /**
     * A new Paho client per connection, same client id, clean session off: the broker's queue for us survives,
     * while nothing of the old connection is replayed by Paho (with Paho's own reconnect, its un-acknowledged acks
     * went out again as DUP re-sends after a broker restart, and Moquette 0.17's session loop died on them:
     * "increment : 0" in PostOffice.publish2Subscribers, as in moquette issue 750).
     */
    private void connect() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                log.warn("registry lost the broker: {}", cause == null ? "?" : cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrivals.add(new Arrival(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // acks are fire-and-repeat: every stored batch sends the latest one again
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setMaxInflight(4096);
        o.setConnectionTimeout(5);
        try {
            c.connect(o).waitForCompletion(5_000);
            TopicKind[] kinds = {TopicKind.REPORT, TopicKind.STATE, TopicKind.ALARM, TopicKind.TELEMETRY};
            c.subscribe(Arrays.stream(kinds).map(DeviceTopics::everyDevice).toArray(String[]::new),
                    Arrays.stream(kinds).mapToInt(TopicKind::qos).toArray()).waitForCompletion(5_000);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        MqttAsyncClient old = client;
        client = c;
        if (old != null) {
            old.close(true);
        }
    }

    private static final int START_ATTEMPTS = 5;

    private static void pauseBeforeRetry() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the registry was connecting", e);
        }
    }

    public boolean connected() {
        return client != null && client.isConnected();
    }

    /** Every report held for {@code device}, in seq order. */
    public List<StoredReport> reports(String device) {
        return store.reports(device);
    }

    /** The highest seq N such that 1..N are all stored: what the device was (or will be) acked. */
    public long highestContiguous(String device) {
        return store.highestContiguous(device);
    }

    /** Reports received again after they were stored (replays after an outage; harmless, but worth watching). */
    public long duplicatesReceived(String device) {
        return store.deviceColumn(device, "duplicates").map(Long::parseLong).orElse(0L);
    }

    public long rejectedReceived(String device) {
        return store.deviceColumn(device, "rejected").map(Long::parseLong).orElse(0L);
    }

    public Optional<String> lastRejection(String device) {
        return store.deviceColumn(device, "last_rejection");
    }

    /** The device's last retained {@code state} (online, or offline from its Will or its goodbye). */
    public Optional<DeviceState> deviceState(String device) {
        return store.deviceColumn(device, "state").map(w -> DeviceState.decode("registry", w.getBytes(StandardCharsets.UTF_8)));
    }

    /** The alarm messages of {@code device} (JSON, each once), oldest first. */
    public List<String> alarms(String device) {
        return store.alarms(device);
    }

    /** Telemetry messages seen since start (they are counted, not kept). */
    public long telemetryReceived() {
        return telemetry.get();
    }

    /** Messages received since start, duplicates included. */
    public long messagesReceived() {
        return received.get();
    }

    private void writeLoop() {
        List<Arrival> batch = new ArrayList<>();
        while (running || !arrivals.isEmpty()) {
            try {
                Arrival first = arrivals.poll(20, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    arrivals.drainTo(batch, BATCH - 1);
                    // linger a moment for the rest of a burst: one commit (one fsync) for many reports
                    Arrival more = batch.size() < BATCH ? arrivals.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS) : null;
                    if (more != null) {
                        batch.add(more);
                        arrivals.drainTo(batch, BATCH - batch.size());
                    }
                    handle(batch);
                    batch.clear();
                }
                sendAcks();
                reconnectIfLost();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // not PUBACKed: the broker redelivers, or the device re-sends after its ack timeout
                log.error("registry could not store a batch of {}: {}", batch.size(), e.getMessage());
                batch.clear();
            }
        }
    }

    private void reconnectIfLost() {
        if (!running || client.isConnected() || ++reconnectTicks % 10 != 0) {
            return;
        }
        try {
            connect();
            log.info("registry reconnected to {}", brokerUri);
        } catch (MqttException e) {
            log.debug("registry reconnect to {} failed: {}", brokerUri, e.getMessage());
        }
    }

    private void handle(List<Arrival> batch) {
        received.addAndGet(batch.size());
        List<RegistryStore.Incoming> reports = new ArrayList<>();
        for (Arrival a : batch) {
            Optional<DeviceTopics.Parsed> topic = DeviceTopics.parse(a.topic());
            if (topic.isEmpty()) {
                continue;
            }
            DeviceTopics t = topic.get().device();
            switch (topic.get().kind()) {
                case REPORT -> reports.add(new RegistryStore.Incoming(t.site(), t.device(),
                        acceptor.accept(a.message().getPayload()),
                        new String(a.message().getPayload(), StandardCharsets.UTF_8)));
                case STATE -> {
                    try {
                        store.putState(t.site(), t.device(), DeviceState.decode(a.topic(), a.message().getPayload()),
                                clock.instant());
                    } catch (MqttPayloadException e) {
                        log.warn("ignored state: {}", e.getMessage());
                    }
                }
                case ALARM -> {
                    try {
                        JsonObject o = Json.parseObject(a.message().getPayload());
                        store.putAlarm(t.device(), o.string("code"), o.string("event"), o.string("at"),
                                Json.write(o), clock.instant());
                    } catch (JsonException e) {
                        log.warn("ignored an alarm on {}: {}", a.topic(), e.getMessage());
                    }
                }
                case TELEMETRY -> telemetry.incrementAndGet();
                case ACK -> { }
            }
        }
        for (String device : store.store(reports, clock.instant())) {
            RegistryStore.Incoming any = reports.stream().filter(r -> r.topicDevice().equals(device)).findFirst().orElseThrow();
            acksToSend.put(device, new DeviceTopics(any.site(), device).topic(TopicKind.ACK));
        }
    }

    private void sendAcks() {
        var it = acksToSend.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            try {
                client.publish(e.getValue(), new Ack(store.highestContiguous(e.getKey())).encode(),
                        TopicKind.ACK.qos(), TopicKind.ACK.retained());
                it.remove();
            } catch (MqttException ex) {
                return; // disconnected or window full: the next round tries again
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnect(2000).waitForCompletion(3000);
                }
                c.close(true);
            } catch (MqttException e) {
                log.info("registry closed without a clean disconnect: {}", e.getMessage());
            }
        }
        store.close();
    }
}
