package io.edgetally.sim.registry;

import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.store.Database;
import io.edgetally.uplink.DiskQuota;
import io.edgetally.uplink.TallyRows;
import io.edgetally.uplink.Uplink;
import io.edgetally.uplink.UplinkConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * How long a device takes to drain a week's backlog (10,080 reports, one a minute) through Debian's Mosquitto to
 * the registry module (verifying every report, PostgreSQL, signed acks the device checks), counted until the
 * registry has acknowledged every one (not merely until the broker has them). Goal: under 10 s. Run:
 * <pre>
 *   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 *   mvn -B -q -o -pl sim -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 *   $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *       -cp sim/target/test-classes:sim/target/classes:firmware-app/target/test-classes:firmware-app/target/classes:protocol/target/classes:$(cat /tmp/cp.txt) \
 *       io.edgetally.sim.registry.UplinkDrainBenchmark
 * </pre>
 * (or run the main method from an IDE). Optional argument: the number of reports; {@code -Dwindow=N} sets the
 * in-flight window (default 256, the uplink's default).
 */
public final class UplinkDrainBenchmark {

    public static void main(String[] args) throws Exception {
        int reports = args.length > 0 ? Integer.parseInt(args[0]) : 10_080;
        Path dir = Files.createTempDirectory("edgetally-drain-");
        try (MosquittoBroker broker = new MosquittoBroker(dir, Optional.empty());
             Database db = Database.open(dir.resolve("device.db"));
             RegistryUnderTest registry = RegistryUnderTest.start(dir, broker.uri())) {
            TallyRows tallies = new TallyRows(db, "farm-7", "barn-2");
            registry.enrol("farm-7", "barn-2", tallies.publicKey());
            tallies.append(reports, Instant.parse("2026-08-01T00:00:00Z"));
            UplinkConfig config = UplinkConfig.of(broker.uri(), "farm-7", "barn-2")
                    .withFlush(Integer.getInteger("window", 256), 0)
                    .withRegistryKeys(List.of(registry.key().verifier()));
            long start = System.nanoTime();
            try (Uplink uplink = new Uplink(config, db, Clock.systemUTC(), tallies.key(), new Random(),
                    DiskQuota.defaults(), DiskQuota.probeOf(db), List.of(), e -> { })) {
                uplink.start();
                if (!uplink.awaitDrained(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("not drained within 5 minutes: " + uplink.status());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long held = registry.reports("farm-7", "barn-2").size();
            if (held != reports || registry.highestContiguous("farm-7", "barn-2") != reports) {
                throw new IllegalStateException("registry holds " + held + " of " + reports);
            }
            System.out.printf("drained %,d reports (signed acks verified, window %d) in %.2f s = %,.0f reports/s;"
                            + " deliveries of a report already stored: %d%n", reports, config.inFlightWindow(),
                    seconds, reports / seconds, registry.duplicates("farm-7", "barn-2"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private UplinkDrainBenchmark() {}
}
