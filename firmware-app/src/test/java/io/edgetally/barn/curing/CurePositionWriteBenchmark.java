package io.edgetally.barn.curing;

import io.edgetally.barn.curing.schedule.ScheduleLoader;
import io.edgetally.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the cure's per-cycle position costs the storage: the barn writes it after every control cycle in one commit
 * (docs/curing.md, "Power cuts and crashes"). Saves {@code N} positions the way the site does, on a database with the
 * device's durability (WAL, {@code synchronous=FULL}) and, for comparison, without an fsync per commit, and reports
 * per cycle: the time a commit takes and the bytes this process sent to the block device ({@code write_bytes} of
 * {@code /proc/self/io}: the WAL frames, the checkpoints, and what the file system writes for them).
 * Not a unit test; run from the repository root:
 *
 * <pre>
 *   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -q -o -pl firmware-app -am test-compile \
 *       dependency:build-classpath -Dmdep.outputFile=/tmp/fwcp.txt -Dmdep.includeScope=test
 *   java -cp firmware-app/target/test-classes:firmware-app/target/classes:$(cat /tmp/fwcp.txt) \
 *       io.edgetally.barn.curing.CurePositionWriteBenchmark [N] [DIR]
 * </pre>
 *
 * DIR (default: a folder under {@code java.io.tmpdir}) should be on the storage to measure, e.g. the Pi's SD card.
 */
public final class CurePositionWriteBenchmark {

    private CurePositionWriteBenchmark() {}

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("cure-position-bench");
        System.out.printf(Locale.ROOT, "%d cycles' positions into %s%n", n, dir.toAbsolutePath());
        for (Database.Durability durability : List.of(Database.Durability.FULL, Database.Durability.NORMAL)) {
            run(dir.resolve("bench-" + durability.name().toLowerCase(Locale.ROOT) + ".db"), durability, n);
        }
    }

    private static void run(Path file, Database.Durability durability, int n) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        try (Database db = Database.open(file, durability)) {
            CureStore cures = new CureStore(db);
            long batch = cures.startBatch(new ScheduleLoader().builtIn("middle-leaf"), Instant.EPOCH,
                    OptionalDouble.of(4000), OptionalDouble.of(100), Optional.of("SDM630:1"));
            CurePositionStore positions = new CurePositionStore(db);
            Instant at = Instant.parse("2026-07-15T00:00:00Z");
            // warm-up: the JIT, the WAL file's first growth
            for (int i = 0; i < 200; i++) {
                positions.save(batch, position(i, at), List.of());
            }
            long bytesBefore = writeBytes();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                at = at.plusSeconds(15);
                positions.save(batch, position(i, at), List.of());
            }
            long nanos = System.nanoTime() - start;
            long bytes = writeBytes() - bytesBefore;
            System.out.printf(Locale.ROOT, "  %-6s %7.3f ms a commit, %6.0f bytes to the device a cycle; a day of "
                            + "15 s cycles: %.1f MB%n", durability, nanos / 1e6 / n, (double) bytes / n,
                    bytes / (double) n * 5_760 / 1e6);
        }
    }

    private static CurePosition position(int i, Instant at) {
        return new CurePosition(2, CurePhase.HOLD, Duration.ofSeconds(15L * i), Duration.ofHours(20).plusSeconds(15L * i),
                Duration.ZERO, 38.0, 35.5, at, new CurePosition.Loops(0.31 + (i % 7) * 0.001, 0.12));
    }

    /** Bytes this process caused to be sent to the storage layer (Linux). */
    private static long writeBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).strip());
            }
        }
        throw new IOException("/proc/self/io has no write_bytes line");
    }
}
