package io.edgetally.registry.load;

import io.edgetally.protocol.SiteKind;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.chain.ReportFactory;
import io.edgetally.protocol.chain.ReportSigner;
import io.edgetally.protocol.methodology.AccountingPlan;
import io.edgetally.protocol.methodology.MethodologyChoice;
import io.edgetally.protocol.methodology.MethodologyRegistry;
import io.edgetally.protocol.methodology.ResolvedPlan;
import io.edgetally.protocol.report.MeterSpan;
import io.edgetally.protocol.report.TallyReport;
import io.edgetally.protocol.report.TallyReportCodec;
import io.edgetally.protocol.verify.Enrolment;
import io.edgetally.registry.support.DeviceLink;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

/**
 * N simulated swap stations, each with its own Ed25519 key (derived from a seed, so another registry can be
 * enrolled with the same keys beforehand: {@link #enrolmentLines}) and a precomputed signed chain, publishing
 * through a bounded number of MQTT connections and counting the acks per device. It needs only a broker URI and
 * the enrolled keys, so it can be pointed at any registry that follows the contract.
 *
 * <p>Run standalone: {@code LoadGenerator enrolment DEVICES SEED} prints {@code site,device,publicKey} lines to
 * enrol; {@code LoadGenerator run BROKER_URI DEVICES REPORTS CONNECTIONS SEED} publishes and waits for the acks.
 */
public final class LoadGenerator {

    public static final String SITE = "load";
    static final AccountingPlan PLAN = AccountingPlan.of(MethodologyChoice.of("swap-diesel", "1"), "CN-SC", 2022);
    static final Instant START = Instant.parse("2026-07-01T00:00:00Z");

    /** One simulated device and its chain, as the bytes it publishes. */
    public record SimDevice(String site, String device, Ed25519Signer key, List<byte[]> chain) {
        public String publicKey() {
            return Base64.getEncoder().encodeToString(key.rawPublicKey());
        }

        public String lastHash() {
            return TallyReportCodec.parse(chain.getLast()).hash();
        }
    }

    /** What a run measured. */
    public record Result(int devices, int reportsPerDevice, Duration elapsed, long acksReceived, long devicesComplete) {
        public double reportsPerSecond() {
            return devices * (double) reportsPerDevice / (elapsed.toNanos() / 1e9);
        }
    }

    private LoadGenerator() {}

    public static Enrolment terms() {
        return Enrolment.of(SiteKind.SWAP_STATION, PLAN);
    }

    public static Ed25519Signer key(long seed, int device) {
        try {
            byte[] s = MessageDigest.getInstance("SHA-256").digest(("edgetally load generator " + seed + " "
                    + device).getBytes(StandardCharsets.UTF_8));
            return Ed25519Signer.ofSeed(s);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String deviceName(int i) {
        return "station-" + i;
    }

    public static List<String> enrolmentLines(int devices, long seed) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            out.add(SITE + "," + deviceName(i) + "," + Base64.getEncoder().encodeToString(key(seed, i).rawPublicKey()));
        }
        return out;
    }

    /** Builds and signs every device's chain (in parallel: signing is most of the work). */
    public static List<SimDevice> prepare(int devices, int reports, long seed) {
        MethodologyRegistry table = MethodologyRegistry.builtIn();
        ResolvedPlan plan = table.resolve(PLAN);
        return IntStream.range(0, devices).parallel().mapToObj(i -> {
            Ed25519Signer key = key(seed, i);
            ReportFactory f = new ReportFactory(SITE, deviceName(i), SiteKind.SWAP_STATION, plan,
                    new ReportSigner(key));
            List<byte[]> chain = new ArrayList<>(reports);
            String prev = TallyReport.GENESIS_HASH;
            BigDecimal kwh = new BigDecimal("52000.5");
            for (int s = 1; s <= reports; s++) {
                BigDecimal end = kwh.add(new BigDecimal(80 + (s * 37 + i) % 120)).add(new BigDecimal("0.25"));
                Instant from = START.plus(Duration.ofMinutes(15L * (s - 1)));
                TallyReport r = f.next(s, prev, from, from.plusSeconds(900), true,
                        new MeterSpan("DTSU666#" + i, kwh, end, new BigDecimal("10000000")));
                chain.add(TallyReportCodec.toBytes(r));
                prev = r.hash();
                kwh = end;
            }
            return new SimDevice(SITE, deviceName(i), key, chain);
        }).toList();
    }

    /**
     * Publishes every chain, interleaved across devices (one report of each device in turn, as a fleet reconnecting
     * with its backlogs would), over {@code connections} connections, and waits until every device is acked to its
     * last seq or {@code timeout} passes. A device not acked within a while republishes from its last ack, as a
     * device's outbox does.
     */
    public static Result run(String brokerUri, List<SimDevice> devices, int connections, Duration timeout)
            throws Exception {
        List<DeviceLink> links = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            List<String> mine = new ArrayList<>();
            for (int d = c; d < devices.size(); d += connections) {
                mine.add(new io.edgetally.protocol.mqtt.DeviceTopics(devices.get(d).site(), devices.get(d).device())
                        .topic(io.edgetally.protocol.mqtt.TopicKind.ACK));
            }
            links.add(new DeviceLink(brokerUri, "loadgen-" + ProcessHandle.current().pid() + "-" + c, null, false,
                    mine));
        }
        int reports = devices.getFirst().chain().size();
        long t0 = System.nanoTime();
        try {
            Thread[] publishers = new Thread[connections];
            for (int c = 0; c < connections; c++) {
                int conn = c;
                publishers[c] = Thread.ofPlatform().name("loadgen-publish-" + c).start(() -> {
                    DeviceLink link = links.get(conn);
                    try {
                        for (int s = 0; s < reports; s++) {
                            for (int d = conn; d < devices.size(); d += connections) {
                                SimDevice dev = devices.get(d);
                                link.report(dev.site(), dev.device(), dev.chain().get(s));
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("publishing: " + e.getMessage(), e);
                    }
                });
            }
            for (Thread p : publishers) {
                p.join();
            }
            long deadline = t0 + timeout.toNanos();
            long lastProgress = System.nanoTime();
            long lastAcked = -1;
            while (System.nanoTime() < deadline) {
                long complete = 0;
                long acked = 0;
                for (int d = 0; d < devices.size(); d++) {
                    SimDevice dev = devices.get(d);
                    long h = links.get(d % connections).highestAck(dev.site(), dev.device());
                    acked += h;
                    if (h == reports) {
                        complete++;
                    }
                }
                if (complete == devices.size()) {
                    return new Result(devices.size(), reports, Duration.ofNanos(System.nanoTime() - t0),
                            acks(links), complete);
                }
                if (acked != lastAcked) {
                    lastAcked = acked;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(10).toNanos()) {
                    republish(links, devices, connections, reports);
                    lastProgress = System.nanoTime();
                }
                Thread.onSpinWait();
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            long complete = IntStream.range(0, devices.size()).filter(d -> links.get(d % connections)
                    .highestAck(devices.get(d).site(), devices.get(d).device()) == reports).count();
            return new Result(devices.size(), reports, Duration.ofNanos(System.nanoTime() - t0), acks(links),
                    complete);
        } finally {
            for (DeviceLink l : links) {
                l.close();
            }
        }
    }

    private static void republish(List<DeviceLink> links, List<SimDevice> devices, int connections, int reports)
            throws Exception {
        for (int d = 0; d < devices.size(); d++) {
            SimDevice dev = devices.get(d);
            DeviceLink link = links.get(d % connections);
            for (long s = link.highestAck(dev.site(), dev.device()) + 1; s <= reports; s++) {
                link.report(dev.site(), dev.device(), dev.chain().get((int) s - 1));
            }
        }
    }

    private static long acks(List<DeviceLink> links) {
        return links.stream().mapToLong(DeviceLink::acksReceived).sum();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("enrolment")) {
            enrolmentLines(Integer.parseInt(args[1]), Long.parseLong(args[2])).forEach(System.out::println);
            return;
        }
        if (args.length == 6 && args[0].equals("run")) {
            List<SimDevice> devices = prepare(Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[5]));
            Result r = run(args[1], devices, Integer.parseInt(args[4]), Duration.ofMinutes(30));
            System.out.printf("%d devices x %d reports: %d complete, %.1f s, %,.0f reports/s end to end%n",
                    r.devices(), r.reportsPerDevice(), r.devicesComplete(), r.elapsed().toNanos() / 1e9,
                    r.reportsPerSecond());
            return;
        }
        System.err.println("usage: LoadGenerator enrolment DEVICES SEED | run BROKER_URI DEVICES REPORTS CONNECTIONS SEED");
        System.exit(2);
    }
}
