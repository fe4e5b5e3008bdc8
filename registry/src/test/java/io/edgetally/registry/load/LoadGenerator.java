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
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * through a bounded number of MQTT connections and counting the acks per device ({@link Fleet}). It needs only a
 * broker URI and the enrolled keys, so it can be pointed at any registry that follows the contract.
 *
 * <p>Two scenarios ({@link Scenario}): the reconnect storm (every device back with its whole backlog at once) and
 * the steady state (every device one report per 15 minutes, time compressed).
 *
 * <p>Run standalone: {@code LoadGenerator enrolment DEVICES SEED} prints {@code site,device,publicKey} lines to
 * enrol; {@code LoadGenerator storm BROKER_URI DEVICES REPORTS CONNECTIONS SEED} and
 * {@code LoadGenerator steady BROKER_URI DEVICES REPORTS CONNECTIONS SEED COMPRESSION} publish and wait for the
 * acks.
 */
public final class LoadGenerator {

    public static final String SITE = "load";
    static final AccountingPlan PLAN = AccountingPlan.of(MethodologyChoice.of("swap-diesel", "1"), "CN-SC", 2022);
    static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
    /** A device's reporting interval in the field. */
    public static final Duration INTERVAL = Duration.ofMinutes(15);

    /** One simulated device and its chain, as the bytes it publishes. */
    public record SimDevice(String site, String device, Ed25519Signer key, List<byte[]> chain) {
        public String publicKey() {
            return Base64.getEncoder().encodeToString(key.rawPublicKey());
        }

        public String hashOf(long seq) {
            return TallyReportCodec.parse(chain.get((int) seq - 1)).hash();
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
                Instant from = START.plus(INTERVAL.multipliedBy(s - 1));
                TallyReport r = f.next(s, prev, from, from.plus(INTERVAL), true,
                        new MeterSpan("DTSU666#" + i, kwh, end, new BigDecimal("10000000")));
                chain.add(TallyReportCodec.toBytes(r));
                prev = r.hash();
                kwh = end;
            }
            return new SimDevice(SITE, deviceName(i), key, chain);
        }).toList();
    }

    /**
     * As {@link #prepare}, kept in {@code cacheDir} between runs: signing a 10,000-device storm (960,000 reports)
     * takes minutes, reading it back seconds. The keys are derived from the seed again, not stored.
     */
    public static List<SimDevice> prepareCached(Path cacheDir, int devices, int reports, long seed) {
        Path file = cacheDir.resolve("loadgen-chains-" + devices + "x" + reports + "-" + seed + ".bin");
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file),
                    1 << 20))) {
                if (in.readInt() == devices && in.readInt() == reports) {
                    List<SimDevice> out = new ArrayList<>(devices);
                    for (int i = 0; i < devices; i++) {
                        List<byte[]> chain = new ArrayList<>(reports);
                        for (int s = 0; s < reports; s++) {
                            byte[] b = new byte[in.readInt()];
                            in.readFully(b);
                            chain.add(b);
                        }
                        out.add(new SimDevice(SITE, deviceName(i), key(seed, i), chain));
                    }
                    return out;
                }
            } catch (IOException e) {
                // a broken cache file: sign again and rewrite it
            }
        }
        List<SimDevice> fleet = prepare(devices, reports, seed);
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "loadgen-chains", ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                    1 << 20))) {
                out.writeInt(devices);
                out.writeInt(reports);
                for (SimDevice d : fleet) {
                    for (byte[] b : d.chain()) {
                        out.writeInt(b.length);
                        out.write(b);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load generator's chain cache in " + cacheDir, e);
        }
        return fleet;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("enrolment")) {
            enrolmentLines(Integer.parseInt(args[1]), Long.parseLong(args[2])).forEach(System.out::println);
            return;
        }
        if ((args.length == 6 && args[0].equals("storm")) || (args.length == 7 && args[0].equals("steady"))) {
            List<SimDevice> devices = prepareCached(Path.of("target"), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Long.parseLong(args[5]));
            Scenario scenario = args[0].equals("storm") ? new Scenario.Storm()
                    : new Scenario.Steady(Integer.parseInt(args[6]));
            try (Fleet fleet = Fleet.start(args[1], devices, Integer.parseInt(args[4]), scenario,
                    Duration.ofSeconds(10))) {
                Fleet.Result r = fleet.awaitComplete(Duration.ofMinutes(60));
                System.out.println(r.describe());
            }
            return;
        }
        System.err.println("usage: LoadGenerator enrolment DEVICES SEED"
                + " | storm BROKER_URI DEVICES REPORTS CONNECTIONS SEED"
                + " | steady BROKER_URI DEVICES REPORTS CONNECTIONS SEED COMPRESSION");
        System.exit(2);
    }
}
