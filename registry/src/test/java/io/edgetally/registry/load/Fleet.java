package io.edgetally.registry.load;

import io.edgetally.protocol.mqtt.DeviceTopics;
import io.edgetally.protocol.mqtt.TopicKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A running simulated fleet: its devices publish their chains through {@code connections} MQTT connections (device
 * {@code d} on connection {@code d % connections}) as the {@link Scenario} says, and count the registry's acks per
 * device. Like a device's outbox, a device whose acks stall publishes again from its last ack, and a connection
 * the broker dropped is opened again, after which its devices publish again from their last ack.
 */
public final class Fleet implements AutoCloseable {

    /** What a run measured. {@code drain} runs from the first publish to the last device acked to its last seq. */
    public record Result(String scenario, int devices, int reportsPerDevice, Duration drain, long acksReceived,
                         int devicesComplete, long minAcked, long republished, long reconnects,
                         Duration latencyP50, Duration latencyP99, Duration latencyMax) {
        public long reports() {
            return (long) devices * reportsPerDevice;
        }

        public double reportsPerSecond() {
            return reports() / (drain.toNanos() / 1e9);
        }

        public boolean complete() {
            return devicesComplete == devices;
        }

        public String describe() {
            return String.format("%s: %,d devices x %d reports = %,d; %,d devices acked to their last seq (lowest"
                    + " ack %d); drained in %.1f s = %,.0f reports/s end to end; %,d acks received; %,d reports"
                    + " published again, %d reconnects; ack latency p50 %d ms, p99 %d ms, max %d ms", scenario,
                    devices, reportsPerDevice, reports(), devicesComplete, minAcked, drain.toNanos() / 1e9,
                    reportsPerSecond(), acksReceived, republished, reconnects, latencyP50.toMillis(),
                    latencyP99.toMillis(), latencyMax.toMillis());
        }
    }

    private final String brokerUri;
    private final List<LoadGenerator.SimDevice> devices;
    private final int reports;
    private final int connections;
    private final Scenario scenario;
    private final Duration stall;
    private final AtomicReferenceArray<LoadConnection> links;
    private final byte[][] topicParts;
    private final Map<String, Integer> byAckTopic = new HashMap<>();
    private final AtomicLongArray highest;
    private final AtomicIntegerArray published;
    private final AtomicLongArray sentAt;
    private final AtomicLongArray latency;
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong republished = new AtomicLong();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger complete = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread[] publishers;
    private final Thread monitor;
    private final long runId = ProcessHandle.current().pid() * 1000 + System.nanoTime() % 1000;
    private volatile boolean running = true;
    private volatile long t0;
    private volatile long drainedAt;

    private Fleet(String brokerUri, List<LoadGenerator.SimDevice> devices, int connections, Scenario scenario,
                  Duration stall) {
        this.brokerUri = brokerUri;
        this.devices = devices;
        this.reports = devices.getFirst().chain().size();
        this.connections = connections;
        this.scenario = scenario;
        this.stall = stall;
        this.links = new AtomicReferenceArray<>(connections);
        this.topicParts = new byte[devices.size()][];
        for (int d = 0; d < devices.size(); d++) {
            DeviceTopics t = new DeviceTopics(devices.get(d).site(), devices.get(d).device());
            topicParts[d] = LoadConnection.topicPart(t.topic(TopicKind.REPORT));
            byAckTopic.put(t.topic(TopicKind.ACK), d);
        }
        this.highest = new AtomicLongArray(devices.size());
        this.published = new AtomicIntegerArray(devices.size());
        this.sentAt = new AtomicLongArray(devices.size() * reports);
        this.latency = new AtomicLongArray(devices.size() * reports);
        this.publishers = new Thread[connections];
        this.monitor = Thread.ofPlatform().daemon().name("loadgen-monitor").unstarted(this::monitorLoop);
    }

    /** Opens the connections (each subscribed to its devices' acks), then starts publishing. */
    public static Fleet start(String brokerUri, List<LoadGenerator.SimDevice> devices, int connections,
                              Scenario scenario, Duration stall) throws IOException {
        Fleet f = new Fleet(brokerUri, devices, connections, scenario, stall);
        try {
            for (int c = 0; c < connections; c++) {
                f.links.set(c, f.connect(c));
            }
        } catch (IOException e) {
            f.close();
            throw e;
        }
        f.t0 = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            f.publishers[c] = Thread.ofPlatform().daemon().name("loadgen-publish-" + c).start(() -> f.publishLoop(conn));
        }
        f.monitor.start();
        return f;
    }

    private LoadConnection connect(int c) throws IOException {
        List<String> mine = new ArrayList<>();
        for (int d = c; d < devices.size(); d += connections) {
            mine.add(new DeviceTopics(devices.get(d).site(), devices.get(d).device()).topic(TopicKind.ACK));
        }
        return new LoadConnection(brokerUri, "loadgen-" + runId + "-" + c + "-" + reconnects.get(), mine,
                this::onAck);
    }

    private void onAck(String topic, long ackedSeq) {
        acks.incrementAndGet();
        Integer d = byAckTopic.get(topic);
        if (d == null) {
            return;
        }
        long before = highest.getAndAccumulate(d, ackedSeq, Math::max);
        if (ackedSeq <= before) {
            return;
        }
        long now = System.nanoTime();
        for (long s = before + 1; s <= ackedSeq && s <= reports; s++) {
            int i = d * reports + (int) s - 1;
            long sent = sentAt.get(i);
            if (sent > 0) {
                latency.compareAndSet(i, 0, Math.max(1, now - sent));
            }
        }
        if (ackedSeq >= reports && before < reports && complete.incrementAndGet() == devices.size()) {
            drainedAt = now;
            done.countDown();
        }
    }

    private void publishLoop(int c) {
        long intervalNanos = scenario instanceof Scenario.Steady s ? s.interval().toNanos() : 0;
        for (int s = 0; s < reports && running; s++) {
            for (int d = c; d < devices.size() && running; d += connections) {
                if (intervalNanos > 0) {
                    // device d's phase within the interval, spread evenly over the fleet
                    long due = t0 + intervalNanos * s + intervalNanos * d / devices.size();
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        flush(c);
                        LockSupport.parkNanos(wait);
                    }
                }
                publish(c, d, s);
            }
        }
        flush(c);
    }

    /** Publishes seq {@code s + 1} of device {@code d}, waiting for the connection while it is down. */
    private void publish(int c, int d, int s) {
        while (running) {
            LoadConnection link = links.get(c);
            if (link != null && link.isOpen()) {
                try {
                    sentAt.compareAndSet(d * reports + s, 0, System.nanoTime());
                    link.publish(topicParts[d], devices.get(d).chain().get(s));
                    published.accumulateAndGet(d, s + 1, Math::max);
                    return;
                } catch (IOException e) {
                    // the connection is gone: the monitor opens a new one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    private void flush(int c) {
        LoadConnection link = links.get(c);
        if (link != null && link.isOpen()) {
            try {
                link.flush();
            } catch (IOException e) {
                // the monitor reconnects
            }
        }
    }

    private void monitorLoop() {
        long lastSum = -1;
        long lastProgress = System.nanoTime();
        while (running && done.getCount() > 0) {
            LockSupport.parkNanos(50_000_000);
            for (int c = 0; c < connections; c++) {
                LoadConnection link = links.get(c);
                if (link != null && !link.isOpen()) {
                    try {
                        link.close();
                        reconnects.incrementAndGet();
                        links.set(c, connect(c));
                        republishConnection(c);
                    } catch (IOException e) {
                        links.set(c, null); // the broker is still down: tried again next round
                    }
                } else if (link == null) {
                    try {
                        links.set(c, connect(c));
                        republishConnection(c);
                    } catch (IOException e) {
                        // still down
                    }
                }
            }
            long sum = 0;
            for (int d = 0; d < devices.size(); d++) {
                sum += highest.get(d);
            }
            if (sum != lastSum) {
                lastSum = sum;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                for (int c = 0; c < connections; c++) {
                    republishConnection(c);
                }
                lastProgress = System.nanoTime();
            }
        }
    }

    /** The outbox of every device on connection {@code c}: what it published after its last ack, again. */
    private void republishConnection(int c) {
        for (int d = c; d < devices.size(); d += connections) {
            republishFrom(d, highest.get(d) + 1);
        }
        flush(connections == 0 ? 0 : c);
    }

    /**
     * Device {@code d} publishes again from {@code seq} up to what it has published so far, as a device does that
     * came back with an old ack (a restored SD card, a lost ack file); the registry must store nothing twice.
     */
    public void republishFrom(int d, long seq) {
        int upTo = published.get(d);
        for (long s = Math.max(1, seq); s <= upTo && running; s++) {
            LoadConnection link = links.get(d % connections);
            if (link == null || !link.isOpen()) {
                return; // the monitor republishes after the reconnect
            }
            try {
                link.publish(topicParts[d], devices.get(d).chain().get((int) s - 1));
                republished.incrementAndGet();
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        flush(d % connections);
    }

    /** The highest seq acked to device {@code d} so far (0 if none). */
    public long highestAck(int d) {
        return highest.get(d);
    }

    public long acksReceived() {
        return acks.get();
    }

    /** Sum over the devices of their highest ack: how far the fleet has got. */
    public long acked() {
        long sum = 0;
        for (int d = 0; d < devices.size(); d++) {
            sum += highest.get(d);
        }
        return sum;
    }

    /** Waits until every device is acked to its last seq, or {@code timeout}; what was measured by then. */
    public Result awaitComplete(Duration timeout) throws InterruptedException {
        done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long end = done.getCount() == 0 ? drainedAt : System.nanoTime();
        long min = Long.MAX_VALUE;
        for (int d = 0; d < devices.size(); d++) {
            min = Math.min(min, highest.get(d));
        }
        long[] l = new long[latency.length()];
        int n = 0;
        for (int i = 0; i < l.length; i++) {
            long v = latency.get(i);
            if (v > 0) {
                l[n++] = v;
            }
        }
        Arrays.sort(l, 0, n);
        String name = switch (scenario) {
            case Scenario.Storm s -> "reconnect storm";
            case Scenario.Steady s -> String.format("steady, one report per device per 15 min compressed %dx"
                    + " (%,.0f reports/s offered)", s.compression(), s.offeredPerSecond(devices.size()));
        };
        return new Result(name, devices.size(), reports, Duration.ofNanos(end - t0), acks.get(), complete.get(),
                min, republished.get(), reconnects.get(), percentile(l, n, 0.5), percentile(l, n, 0.99),
                percentile(l, n, 1.0));
    }

    private static Duration percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1 < 0 ? 0 : (int) Math.ceil(p * n) - 1)]);
    }

    @Override
    public void close() {
        running = false;
        done.countDown();
        for (Thread p : publishers) {
            if (p != null) {
                p.interrupt();
            }
        }
        monitor.interrupt();
        for (int c = 0; c < connections; c++) {
            LoadConnection link = links.get(c);
            if (link != null) {
                link.close();
            }
        }
    }
}
