package io.edgetally.uplink;

import io.edgetally.alarm.Alarm;
import io.edgetally.alarm.AlarmEvent;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.mqtt.StateBirth;
import io.edgetally.protocol.mqtt.TopicKind;
import io.edgetally.store.Database;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Store-and-forward to the registry. Tally reports are read from {@code tally_records} (written by the ledger
 * before anything is sent) and leave the outbox only when a trusted registry {@code ack} covers their seq
 * ({@link AckGuard}: signed by the provisioned registry key, or at least not ahead of what this device published);
 * a broker PUBACK proves only that the broker has them. An ack that is not trusted is ignored, counted and raised
 * ({@value #ACK_ALARM}). On every connect the device publishes its signed birth, the ledger's head. After any outage every un-acked report is published again, oldest
 * first, through a bounded in-flight window and an optional pace; the registry drops duplicates by (device, seq).
 * Alarms (QoS 1) wait in {@code uplink_outbox} until the broker has them; telemetry (QoS 0) may be thinned.
 *
 * <p>Threads: one worker thread owns the session, the window and every uplink database write except enqueueing
 * (which callers do inside {@link Database#inTransaction}, serialised with everything else). Paho's callback
 * threads only record facts (an ack seq, a delivered alarm, a lost connection) and wake the worker. Time for
 * backoff, ack timeout and pace comes from the injected clock; the worker re-reads it at least every
 * {@value #POLL_MILLIS} ms of real time, so a test's clock leap takes effect at once.
 */
public final class Uplink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Uplink.class);
    static final long POLL_MILLIS = 20;
    private static final int PERIODIC_TICKS = 50;
    /** The alarm for acks the device refused; cleared once acks have been trusted again for {@link #ACK_ALARM_QUIET}. */
    public static final String ACK_ALARM = "uplink.ack-refused";
    static final Duration ACK_ALARM_QUIET = Duration.ofHours(1);
    private static final String PUBLISHED_KEY = "published_seq";

    private final UplinkConfig config;
    private final UplinkStore store;
    private final Clock clock;
    private final Backoff backoff;
    private final FlushRate rate;
    private final QuotaGuard quotaGuard;
    private final MqttSession session;
    private final Ed25519Signer deviceKey;
    private final AckGuard ackGuard;
    private final Consumer<AlarmEvent> alarmSink;
    private final Thread worker;

    // facts from Paho's threads and callers, read by the worker
    private record Received(String topic, byte[] payload) {}
    private final ConcurrentLinkedQueue<Received> acksReceived = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> alarmsDelivered = new ConcurrentLinkedQueue<>();
    private volatile String lostReason = "";
    private volatile boolean running;
    private volatile boolean telemetryRefused;
    private final Object wake = new Object();
    private boolean woken;

    // worker-only state
    private boolean connected;
    private long ackedSeq;
    private long sentUpTo;
    /** The highest seq ever published (kept across restarts): no ack may go beyond it. */
    private long publishedUpTo;
    private long refusedAcks;
    private Optional<Instant> lastRefusalAt = Optional.empty();
    private boolean ackAlarmRaised;
    private Instant lastProgress;
    private int failures;
    private Instant nextAttempt;
    private final Set<Long> alarmsInFlight = new HashSet<>();
    private DiskQuota.Level level = DiskQuota.Level.OK;
    private long tick;
    private boolean paced;
    private Optional<Instant> lastConnectedAt = Optional.empty();
    private Optional<String> lastError = Optional.empty();

    // status, published by the worker
    private final Object statusMonitor = new Object();
    private volatile UplinkStatus status = UplinkStatus.initial();
    private long statusGeneration;
    private volatile long refreshWanted;

    /**
     * @param deviceKey the device's signing key: it signs the birth
     * @param alarmSink where the uplink's own alarms go besides the registry (the disk quota, refused acks)
     */
    public Uplink(UplinkConfig config, Database db, Clock clock, Ed25519Signer deviceKey, Random random,
                  DiskQuota quota, DiskQuota.DiskProbe probe, List<DiskQuota.SpaceReclaimer> reclaimers,
                  Consumer<AlarmEvent> alarmSink) {
        config.checkFiles();
        this.config = config;
        this.deviceKey = deviceKey;
        this.alarmSink = alarmSink;
        this.ackGuard = new AckGuard(config.topics().site(), config.topics().device(), config.registryKeys());
        this.store = new UplinkStore(db);
        this.clock = clock;
        this.backoff = new Backoff(config.backoffMin(), config.backoffMax(), random);
        this.rate = new FlushRate(config.maxReportsPerSecond(), config.inFlightWindow(), clock);
        this.quotaGuard = new QuotaGuard(quota, probe, reclaimers, store, event -> {
            try {
                alarmSink.accept(event);
            } finally {
                publishAlarm(event);
            }
        });
        this.session = new MqttSession(config, new MqttSession.Listener() {
            @Override
            public void ackReceived(String topic, byte[] payload) {
                acksReceived.add(new Received(topic, payload));
                kick();
            }

            @Override
            public void delivered(Object context) {
                if (context instanceof Long id) {
                    alarmsDelivered.add(id);
                    kick();
                }
            }

            @Override
            public void connectionLost(String why) {
                lostReason = why;
                kick();
            }
        });
        this.worker = Thread.ofPlatform().daemon().name("uplink-" + config.clientId()).unstarted(this::run);
    }

    /** The usual wiring: the real disk probe and default quota, no extra reclaimers. */
    public static Uplink create(UplinkConfig config, Database db, Clock clock, Ed25519Signer deviceKey,
                                Consumer<AlarmEvent> alarmSink) {
        return new Uplink(config, db, clock, deviceKey, new Random(), DiskQuota.defaults(), DiskQuota.probeOf(db),
                List.of(), alarmSink);
    }

    public void start() {
        ackedSeq = store.lastAckedSeq();
        sentUpTo = ackedSeq;
        publishedUpTo = Math.max(ackedSeq, store.state(PUBLISHED_KEY).map(Long::parseLong).orElse(0L));
        if (ackGuard.authenticated()) {
            log.info("uplink: acks must be signed by registry key {}", config.registryKeys().stream()
                    .map(k -> k.keyId()).toList());
        } else {
            log.warn("uplink: acks are NOT authenticated (no uplink.registry-key): an ack is only kept from going"
                    + " beyond the reports this device has published; provision the registry's public key"
                    + " (edgetally-provision --registry-key KEY, docs/install-pi.md)");
        }
        nextAttempt = clock.instant();
        lastError = store.state("last_error");
        running = true;
        worker.start();
    }

    /** New tally records (or anything else) are waiting: look now rather than at the next poll. */
    public void kick() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    public UplinkStatus status() {
        return status;
    }

    /** Queues an alarm change for the registry (durably: it survives a restart until the broker has it). */
    public void publishAlarm(AlarmEvent event) {
        store.enqueue(UplinkStore.ALARM, AlarmMessages.json(config.topics(), event), clock.instant(), -1);
        kick();
    }

    /**
     * Queues live values (sent QoS 0 as {@code {"at":..., "values":{...}}}). Returns false when refused because the
     * disk is full; the oldest queued telemetry goes first when more than the configured backlog waits.
     */
    public boolean publishTelemetry(JsonObject values) {
        if (telemetryRefused) {
            return false;
        }
        Instant now = clock.instant();
        String payload = Json.write(JsonObject.builder().put("at", now.toString()).put("values", values).build());
        store.enqueue(UplinkStore.TELEMETRY, payload, now, config.telemetryBacklog());
        kick();
        return true;
    }

    /** Waits (real time, at most {@code timeout}) until every report is acked and every alarm delivered. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long wanted;
        synchronized (statusMonitor) {
            wanted = statusGeneration + 1;
            refreshWanted = wanted;
        }
        kick();
        synchronized (statusMonitor) {
            while (statusGeneration < wanted || !status.drained()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(statusMonitor, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        running = false;
        kick();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
        synchronized (statusMonitor) {
            UplinkStatus last = status;
            status = new UplinkStatus(false, last.backlog(), last.lastAckedSeq(), last.pendingAlarms(),
                    last.pendingTelemetry(), last.disk(), last.lastConnectedAt(), last.lastError(),
                    last.acksAuthenticated(), last.refusedAcks());
            statusMonitor.notifyAll();
        }
    }

    private void run() {
        checkQuota();
        boolean kicked = true;
        while (running) {
            // Idle, the worker touches no table: it reads the outbox when kicked (a new record, an ack, a PUBACK,
            // a lost connection), while the pace holds reports back, and once a second as a safety net.
            boolean periodic = ++tick % PERIODIC_TICKS == 0;
            boolean changed;
            try {
                changed = step(clock.instant(), kicked || periodic || paced);
            } catch (RuntimeException e) {
                log.error("uplink step failed; retrying", e);
                lastError = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
                changed = true;
            }
            if (periodic) {
                checkQuota();
            }
            if (changed || periodic || refreshWanted > statusGeneration) {
                refreshStatus();
            }
            synchronized (wake) {
                if (!woken && running) {
                    try {
                        wake.wait(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                }
                kicked = woken;
                woken = false;
            }
        }
    }

    /** One round; {@code work}: look at the outbox. Returns whether anything changed that the status shows. */
    private boolean step(Instant now, boolean work) {
        boolean changed = applyAcks(now);
        if (connected && !lostReason.isEmpty()) {
            connected = false;
            noteFailure(now, "connection lost: " + lostReason);
            changed = true;
        }
        if (!connected) {
            if (now.isBefore(nextAttempt)) {
                return changed;
            }
            connectNow(now);
            changed = true;
            if (!connected) {
                return true;
            }
            work = true;
        }
        if (work) {
            changed |= finishDeliveredAlarms();
            sendAlarms();
            sendReports(now);
            sendTelemetry();
        }
        return changed;
    }

    private void connectNow(Instant now) {
        lostReason = "";
        try {
            UplinkStore.Head head = store.head();
            session.connect(StateBirth.sign(config.topics().site(), config.topics().device(), head.seq(), head.hash(),
                    now, deviceKey).encode());
            connected = true;
            failures = 0;
            sentUpTo = ackedSeq; // everything not acked goes again; the registry drops duplicates
            lastProgress = now;
            alarmsInFlight.clear();
            lastConnectedAt = Optional.of(now);
            log.info("uplink connected to {} as {}; {} reports to send", config.brokerUri(), config.clientId(),
                    store.backlog());
        } catch (MqttException | RuntimeException e) {
            session.abandon();
            noteFailure(now, "connect to " + config.brokerUri() + " failed: " + MqttSession.describe(e));
        }
    }

    private void noteFailure(Instant now, String why) {
        failures++;
        Duration wait = backoff.delayAfter(failures);
        nextAttempt = now.plus(wait);
        lastError = Optional.of(why);
        store.putState("last_error", why, now);
        log.warn("{}; next attempt in {} (attempt {})", why, wait, failures);
    }

    /** Takes every ack received since the last round, in order; only trusted ones move the outbox. */
    private boolean applyAcks(Instant now) {
        boolean changed = false;
        for (Received r = acksReceived.poll(); r != null; r = acksReceived.poll()) {
            switch (ackGuard.check(r.topic(), r.payload(), publishedUpTo, ackedSeq, store::hashOf)) {
                case AckGuard.Outcome.Accepted a when a.seq() > ackedSeq -> {
                    store.markAcked(a.seq(), now);
                    ackedSeq = a.seq();
                    sentUpTo = Math.max(sentUpTo, ackedSeq);
                    lastProgress = now;
                    changed = true;
                }
                case AckGuard.Outcome.Accepted a -> { } // the same ack again: nothing new
                case AckGuard.Outcome.Late l -> log.debug("ignored a late ack for seq {} (acknowledged up to {})",
                        l.seq(), ackedSeq);
                case AckGuard.Outcome.Refused f -> {
                    refuse(f, now);
                    changed = true;
                }
            }
        }
        if (ackAlarmRaised && lastRefusalAt.isPresent()
                && !Duration.between(lastRefusalAt.get(), now).minus(ACK_ALARM_QUIET).isNegative()) {
            ackAlarmRaised = false;
            AlarmEvent cleared = new AlarmEvent.Cleared(ACK_ALARM, now);
            publishAlarm(cleared);
            alarmSink.accept(cleared);
        }
        return changed;
    }

    /** An ack the device cannot trust: nothing is marked acknowledged; it is counted, logged and raised once. */
    private void refuse(AckGuard.Outcome.Refused f, Instant now) {
        refusedAcks++;
        lastRefusalAt = Optional.of(now);
        log.warn("uplink: ignored an ack it cannot trust ({} so far): {} {}", refusedAcks, f.reason(), f.message());
        if (!ackAlarmRaised) {
            ackAlarmRaised = true;
            AlarmEvent raised = new AlarmEvent.Raised(new Alarm(ACK_ALARM, Alarm.Severity.WARNING,
                    "ignored an ack on the registry topic that cannot be trusted (" + f.reason() + ": " + f.message()
                            + "); no report was marked acknowledged by it, publishing goes on. Someone other than the"
                            + " registry may be publishing on this device's ack topic: check the broker's access"
                            + " rules" + (ackGuard.authenticated() ? "" : " and provision the registry's key"), now),
                    now);
            publishAlarm(raised);
            alarmSink.accept(raised);
        }
    }

    private void sendReports(Instant now) {
        if (sentUpTo > ackedSeq && !Duration.between(lastProgress, now).minus(config.ackTimeout()).isNegative()) {
            log.info("no ack beyond seq {} for {}; sending again from seq {}", ackedSeq, config.ackTimeout(),
                    ackedSeq + 1);
            sentUpTo = ackedSeq;
            lastProgress = now;
        }
        int window = (int) Math.max(0, config.inFlightWindow() - (sentUpTo - ackedSeq));
        int room = rate.available(window);
        paced = room < window;
        if (room == 0) {
            return;
        }
        if (sentUpTo == ackedSeq) {
            lastProgress = now; // the ack clock starts with the first report of an idle window
        }
        int sent = 0;
        for (UplinkStore.OutboxReport r : store.outstandingAfter(sentUpTo, room)) {
            try {
                session.publish(TopicKind.REPORT, r.payload().getBytes(StandardCharsets.UTF_8), null);
            } catch (MqttException e) {
                if (!MqttSession.isWindowFull(e)) {
                    lostReason = MqttSession.describe(e);
                }
                break;
            }
            sentUpTo = r.seq();
            sent++;
        }
        if (sentUpTo > publishedUpTo) {
            publishedUpTo = sentUpTo;
            store.putState(PUBLISHED_KEY, Long.toString(publishedUpTo), now);
        }
        rate.take(sent);
        paced &= sent == room; // held back by the pace with more to send: look again next tick
    }

    private void sendAlarms() {
        for (UplinkStore.OutboxMessage m : store.pending(UplinkStore.ALARM, MqttSession.EXTRA_IN_FLIGHT / 2)) {
            if (alarmsInFlight.contains(m.id())) {
                continue;
            }
            try {
                session.publish(TopicKind.ALARM, m.payload().getBytes(StandardCharsets.UTF_8), m.id());
                alarmsInFlight.add(m.id());
            } catch (MqttException e) {
                return;
            }
        }
    }

    private boolean finishDeliveredAlarms() {
        List<Long> done = new ArrayList<>();
        for (Long id = alarmsDelivered.poll(); id != null; id = alarmsDelivered.poll()) {
            done.add(id);
        }
        store.delete(done);
        done.forEach(alarmsInFlight::remove);
        return !done.isEmpty();
    }

    private void sendTelemetry() {
        List<Long> sent = new ArrayList<>();
        for (UplinkStore.OutboxMessage m : store.pending(UplinkStore.TELEMETRY, 64)) {
            try {
                session.publish(TopicKind.TELEMETRY, m.payload().getBytes(StandardCharsets.UTF_8), null);
                sent.add(m.id());
            } catch (MqttException e) {
                break; // live values may wait or be thinned; reports and alarms come first
            }
        }
        store.delete(sent);
    }

    private void checkQuota() {
        level = quotaGuard.check(clock.instant());
        telemetryRefused = level == DiskQuota.Level.FULL;
    }

    private void refreshStatus() {
        UplinkStatus next;
        try {
            next = new UplinkStatus(connected, store.backlog(), ackedSeq, store.count(UplinkStore.ALARM),
                    store.count(UplinkStore.TELEMETRY), level, lastConnectedAt, lastError, ackGuard.authenticated(),
                    refusedAcks);
        } catch (RuntimeException e) {
            log.warn("uplink status not refreshed: {}", e.getMessage());
            return;
        }
        synchronized (statusMonitor) {
            status = next;
            statusGeneration++;
            statusMonitor.notifyAll();
        }
    }
}
