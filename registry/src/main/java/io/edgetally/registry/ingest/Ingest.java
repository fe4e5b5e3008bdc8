package io.edgetally.registry.ingest;

import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.SignedAck;
import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.registry.config.RegistryConfig;
import io.edgetally.registry.store.Enrolments;
import io.edgetally.registry.store.IngestStore;
import io.edgetally.registry.store.Incoming;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's ingest: MQTT 5 in, verification on a small worker pool, one transaction per batch, then the
 * signed acks (one per device per batch), then the MQTT acknowledgements. In that order, so that nothing is
 * acknowledged, to the device or to the broker, that is not committed: a registry killed at any point leaves every
 * report it did not commit with the broker (its persistent session redelivers it) or the device (which publishes
 * again from its last ack). Three stages run at once, each on its own thread, batches in order: while one batch
 * is acknowledged, the next is committed and the one after it verified.
 */
public final class Ingest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ingest.class);
    /** How long a batch waits for more messages once the first has arrived: one commit for a burst. */
    private static final long LINGER_MILLIS = 5;

    /** A message as received, with the client it came on (its packet id means something only there). */
    private record Arrival(String topic, MqttMessage message, MqttAsyncClient client) {}

    private record Verified(List<Arrival> arrivals, List<Optional<Incoming>> items, Verification verification) {}

    private final RegistryConfig.Mqtt mqtt;
    private final int batchSize;
    private final Enrolments enrolments;
    private final IngestStore store;
    private final MethodologyRegistry methodologies;
    private final Ed25519Signer registryKey;
    private final Clock clock;
    private final IngestStats stats;
    private final ExecutorService workers;
    /**
     * Received, not yet in a batch. Bounded: the broker's in-flight window is not enough to hold it back (Debian's
     * Mosquitto 2.0.11 sends far past a client's receive maximum once PUBACKs come back), so when this is full the
     * MQTT reader waits, the socket fills and the broker keeps the rest.
     */
    private final BlockingQueue<Arrival> arrivals;
    private final BlockingQueue<Verified> verified = new ArrayBlockingQueue<>(2);
    private final BlockingQueue<Committed> committed = new ArrayBlockingQueue<>(2);
    private final Thread verifier;
    private final Thread committer;
    private final Thread acker;
    private final Thread supervisor;

    private record Committed(List<Arrival> arrivals, IngestStore.Result result) {}
    private volatile boolean running;
    private volatile MqttAsyncClient client;
    private volatile AckPublisher ackLink;
    private volatile Verification verification;


    public Ingest(RegistryConfig config, Enrolments enrolments, IngestStore store, MethodologyRegistry methodologies,
                  Ed25519Signer registryKey, Clock clock, IngestStats stats) {
        this.mqtt = config.mqtt();
        this.batchSize = config.ingest().batch();
        this.enrolments = enrolments;
        this.store = store;
        this.methodologies = methodologies;
        this.registryKey = registryKey;
        this.clock = clock;
        this.stats = stats;
        this.arrivals = new LinkedBlockingQueue<>(Math.max(1_000, 4 * batchSize));
        this.workers = Executors.newFixedThreadPool(config.ingest().workers(),
                Thread.ofPlatform().daemon().name("registry-verify-", 1).factory());
        this.verifier = Thread.ofPlatform().daemon().name("registry-batch").unstarted(this::verifyLoop);
        this.committer = Thread.ofPlatform().daemon().name("registry-commit").unstarted(this::commitLoop);
        this.acker = Thread.ofPlatform().daemon().name("registry-ack").unstarted(this::ackLoop);
        this.supervisor = Thread.ofPlatform().daemon().name("registry-mqtt").unstarted(this::superviseLoop);
    }

    /** Connects (retrying until the broker answers), subscribes and starts filing. */
    public void start() throws MqttException {
        running = true;
        verification = new Verification(loadEnrolments(), methodologies, stats.checks());
        verifier.start();
        committer.start();
        acker.start();
        ackLink = new AckPublisher(mqtt);
        while (running) {
            try {
                ackLink.connect();
                break;
            } catch (MqttException e) {
                log.warn("registry cannot reach the broker {} for its acks: {}; retrying", mqtt.uri(), e.getMessage());
                pause(1_000);
            }
        }
        while (running && !connect()) {
            pause(1_000);
        }
        supervisor.start();
    }

    /**
     * A new Paho client for every connection, same client id, clean start off: the broker keeps the session (and
     * redelivers what was not acknowledged), while nothing of the old connection is replayed by Paho itself. (With
     * Paho's own reconnect against a broker that had lost the session, Mosquitto 2.0 disconnected the client for a
     * protocol error right after every CONNACK.) A message is acknowledged only through the client it came on.
     */
    private boolean connect() {
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(mqtt.uri(), mqtt.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            log.error("registry cannot create an MQTT client for {}: {}", mqtt.uri(), e.getMessage());
            return false;
        }
        c.setManualAcks(true);
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                log.warn("registry lost the broker {}: {}", mqtt.uri(), response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                log.warn("MQTT error: {}", exception.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
                Arrival a = new Arrival(topic, message, c);
                while (!arrivals.offer(a, 100, TimeUnit.MILLISECONDS)) {
                    if (!running || client != c) {
                        return; // not acknowledged: the broker delivers it again in the next session
                    }
                }
                stats.queued(arrivals.size());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // acks are repeated with every batch that touches the device; nothing to track
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // subscribed by connect(), once the connection is up
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no extended authentication
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {mqtt.uri()});
        o.setCleanStart(false);
        o.setSessionExpiryInterval(mqtt.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(false);
        o.setReceiveMaximum(Math.min(65_535, batchSize * 4));
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        if (mqtt.uri().startsWith("tcp://")) {
            o.setSocketFactory(new BufferedSockets());
        }
        mqtt.username().ifPresent(o::setUserName);
        mqtt.password().ifPresent(p -> o.setPassword(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // The new client is the current one before it connects: the broker redelivers the session's messages right
        // after CONNACK, and their PUBACKs must go out through this client.
        MqttAsyncClient old = client;
        client = c;
        if (old != null) {
            closeQuietly(old);
        }
        try {
            c.connect(o).waitForCompletion(15_000);
            c.subscribe(new MqttSubscription[] {
                    new MqttSubscription(mqtt.reportFilter(), TopicKind.REPORT.qos()),
                    new MqttSubscription(DeviceTopics.everyDevice(TopicKind.STATE), TopicKind.STATE.qos()),
                    new MqttSubscription(DeviceTopics.everyDevice(TopicKind.ALARM), TopicKind.ALARM.qos())})
                    .waitForCompletion(10_000);
        } catch (MqttException e) {
            log.warn("registry cannot reach the broker {}: {}; retrying", mqtt.uri(), e.getMessage());
            return false; // the supervisor tries again with a new client
        }
        log.info("registry {} connected to {}, subscribed to {}", mqtt.clientId(), mqtt.uri(), mqtt.reportFilter());
        return true;
    }

    /** Reconnects, with a new client, whenever the connection is lost. */
    private void superviseLoop() {
        while (running) {
            pause(1_000);
            MqttAsyncClient c = client;
            if (running && (c == null || !c.isConnected())) {
                connect();
            }
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
            c.close(true);
        } catch (MqttException e) {
            // a client that is going anyway
        }
    }

    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    private Enrolments.Snapshot loadEnrolments() {
        while (true) {
            try {
                return enrolments.snapshot();
            } catch (RuntimeException e) {
                log.warn("registry cannot read its enrolments yet: {}; retrying", e.getMessage());
                pause(1_000);
                if (!running) {
                    throw e;
                }
            }
        }
    }

    /** Stage 1: gather a batch, verify it on the workers, hand it to the committer. */
    private void verifyLoop() {
        while (running) {
            try {
                Arrival first = arrivals.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Arrival> batch = new ArrayList<>(batchSize);
                batch.add(first);
                arrivals.drainTo(batch, batchSize - 1);
                if (batch.size() < batchSize) {
                    Arrival more = arrivals.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS);
                    if (more != null) {
                        batch.add(more);
                        arrivals.drainTo(batch, batchSize - batch.size());
                    }
                }
                refreshEnrolments();
                Verification v = verification;
                verified.put(new Verified(batch, verifyAll(v, batch), v));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("registry verification failed: {}", e.toString());
            }
        }
    }

    private void refreshEnrolments() {
        try {
            if (enrolments.version() != verification.enrolmentVersion()) {
                verification = new Verification(enrolments.snapshot(), methodologies, stats.checks());
                log.info("registry reloaded its enrolments (version {})", verification.enrolmentVersion());
            }
        } catch (RuntimeException e) {
            log.warn("registry could not check its enrolments: {}", e.getMessage()); // the commit checks again
        }
    }

    private List<Optional<Incoming>> verifyAll(Verification v, List<Arrival> batch) throws InterruptedException {
        long t0 = System.nanoTime();
        int chunks = Math.max(1, Math.min(batch.size() / 16, 4 * 8));
        int per = (batch.size() + chunks - 1) / chunks;
        List<Future<List<Optional<Incoming>>>> futures = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += per) {
            List<Arrival> part = batch.subList(from, Math.min(batch.size(), from + per));
            futures.add(workers.submit(() -> {
                List<Optional<Incoming>> out = new ArrayList<>(part.size());
                for (Arrival a : part) {
                    out.add(v.verify(a.topic(), a.message().getPayload()));
                }
                return out;
            }));
        }
        List<Optional<Incoming>> out = new ArrayList<>(batch.size());
        for (Future<List<Optional<Incoming>>> f : futures) {
            try {
                out.addAll(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("verifying a batch: " + e.getCause(), e.getCause());
            }
        }
        stats.verified(batch.size(), System.nanoTime() - t0);
        return out;
    }

    /** Stage 2: commit, retrying until PostgreSQL takes it; then hand the batch to the acker. */
    private void commitLoop() {
        while (running || !verified.isEmpty()) {
            Verified b;
            try {
                b = verified.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (b == null) {
                continue;
            }
            Optional<IngestStore.Result> result = commitWithRetry(b);
            if (result.isEmpty()) {
                return; // closing: nothing acknowledged, the broker redelivers to the next run
            }
            try {
                committed.put(new Committed(b.arrivals(), result.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stage 3, in commit order: the signed acks of a committed batch, then its messages' PUBACKs. */
    private void ackLoop() {
        while (running || !committed.isEmpty() || committer.isAlive()) {
            Committed b;
            try {
                b = committed.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (b == null) {
                continue;
            }
            long t0 = System.nanoTime();
            long cpu0 = stats.cpuNow();
            boolean handed = true;
            try {
                handed = publishAcks(b.result().acks());
            } catch (RuntimeException e) {
                // committed all the same: the devices republish and get the ack with a later batch
                log.warn("registry could not publish the acks of a batch: {}", e.toString());
            }
            MqttAsyncClient current = client;
            for (Arrival a : handed ? b.arrivals() : List.<Arrival>of()) {
                // After a reconnect the broker numbers its packets anew: acknowledging an old id there could
                // acknowledge another, uncommitted message. The old ones come again (or the device republishes).
                if (a.client() == current) {
                    complete(current, a.message());
                }
            }
            stats.acked(b.result(), System.nanoTime() - t0, stats.cpuNow() - cpu0);
        }
    }

    private Optional<IngestStore.Result> commitWithRetry(Verified b) {
        Verified batch = b;
        long backoff = 100;
        while (running) {
            List<Incoming> items = new ArrayList<>();
            batch.items().forEach(i -> i.ifPresent(items::add));
            long t0 = System.nanoTime();
            long cpu0 = stats.cpuNow();
            try {
                IngestStore.Result r = store.commit(items, batch.verification().enrolmentVersion(), clock.instant());
                stats.committed(System.nanoTime() - t0, stats.cpuNow() - cpu0);
                return Optional.of(r);
            } catch (IngestStore.StaleEnrolments e) {
                try {
                    verification = new Verification(enrolments.snapshot(), methodologies, stats.checks());
                    Verification v = verification;
                    batch = new Verified(batch.arrivals(), verifyAll(v, batch.arrivals()), v);
                } catch (RuntimeException | InterruptedException ex) {
                    log.warn("registry could not re-verify a batch: {}", ex.toString());
                    pause(backoff);
                }
            } catch (SQLException | RuntimeException e) {
                stats.commitFailed();
                log.warn("registry could not commit a batch of {} ({}); retrying in {} ms", items.size(),
                        e.getMessage(), backoff);
                pause(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
        return Optional.empty();
    }

    /** Hands every ack of a batch to the ack connection; false if the registry is closing before it could. */
    private boolean publishAcks(List<IngestStore.Head> acks) {
        AckPublisher link = ackLink;
        for (IngestStore.Head h : acks) {
            byte[] payload = SignedAck.sign(h.site(), h.device(), h.seq(), h.hash(), registryKey).encode();
            String topic = new DeviceTopics(h.site(), h.device()).topic(TopicKind.ACK);
            boolean warned = false;
            boolean handed;
            // commit, then acks, then PUBACKs: while the ack connection is down the batch waits here
            while (!(handed = link.publish(topic, payload)) && running) {
                if (!warned) {
                    log.warn("registry's ack connection is down; the acks of a committed batch wait for it");
                    warned = true;
                }
                pause(200);
            }
            if (!handed) {
                return false; // closing: no PUBACK for this batch, the broker delivers it again next session
            }
        }
        // not waited for: an ack handed to the client is on its way; a lost one is replaced by the next
        return true;
    }

    private void complete(MqttAsyncClient c, MqttMessage m) {
        try {
            c.messageArrivedComplete(m.getId(), m.getQos());
        } catch (MqttException e) {
            // the connection dropped: the broker redelivers it, and the report is then a duplicate, acked again
            log.debug("PUBACK of message {} failed: {}", m.getId(), e.getMessage());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            verifier.join(5_000);
            committer.join(10_000);
            acker.join(10_000);
            supervisor.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        if (ackLink != null) {
            ackLink.close();
        }
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    // In a group, an instance that is stopped ends its session: the broker hands its share of the
                    // reports to the others at once (scaling in needs nothing of them). Alone, the session stays and
                    // holds the reports until the restart.
                    MqttProperties end = new MqttProperties();
                    if (mqtt.group().isPresent()) {
                        end.setSessionExpiryInterval(0L);
                    }
                    c.disconnect(5_000, null, null, 0, end).waitForCompletion(5_000);
                }
                c.close();
            } catch (MqttException e) {
                log.debug("closing the MQTT client: {}", e.getMessage());
            }
        }
    }
}
