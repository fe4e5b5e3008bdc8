package io.edgetally.sim.registry;

import io.edgetally.protocol.mqtt.DeviceState;
import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.store.Database;
import io.edgetally.testkit.ManualClock;
import io.edgetally.uplink.TallyRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The device process is SIGKILLed while publishing, then restarted: still 0 lost, 0 duplicated, in order. */
class DeviceKilledTest {

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigkillMidFlightLosesNothingAndCountsNothingTwice() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "the registry's bridge needs mosquitto (apt-get install mosquitto)");
        Path dbFile = dir.resolve("device.db");
        ManualClock clock = new ManualClock(Instant.parse("2026-08-01T06:00:00Z"));
        try (EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             Database db = Database.open(dbFile);
             RegistryUnderTest registry = RegistryUnderTest.bridgedTo(dir, broker.plainUri())) {
            TallyRows tallies = new TallyRows(db, "farm-7", "barn-2");
            registry.enrol("farm-7", "barn-2", tallies.publicKey());
            Path keyFile = Files.writeString(dir.resolve("device-key.b64"),
                    Base64.getEncoder().encodeToString(tallies.keyPair().getPrivate().getEncoded()));
            tallies.append(1200, clock.instant());

            child = startChild(dbFile, broker.plainUri(), keyFile);
            await().atMost(Duration.ofSeconds(60)).until(() -> registry.highestContiguous("farm-7", "barn-2") >= 150);
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long heldAtKill = registry.highestContiguous("farm-7", "barn-2");
            assertThat(heldAtKill).as("killed mid-flight").isLessThan(1200);
            await().atMost(Duration.ofSeconds(60)).until(() -> registry.state("farm-7", "barn-2")
                    .filter(DeviceState.OFFLINE.word()::equals).isPresent());

            child = startChild(dbFile, broker.plainUri(), keyFile);
            await().atMost(Duration.ofSeconds(60)).until(() -> tallies.outstanding() == 0);

            List<TallyRows.Row> ledger = tallies.ledger();
            List<RegistryUnderTest.Held> held = registry.reports("farm-7", "barn-2");
            assertThat(held).hasSameSizeAs(ledger);
            for (int i = 0; i < ledger.size(); i++) {
                assertThat(held.get(i).seq()).isEqualTo(i + 1L);
                assertThat(held.get(i).payload()).isEqualTo(ledger.get(i).payload());
            }
            assertThat(registry.state("farm-7", "barn-2")).contains(DeviceState.ONLINE.word());
            assertThat(registry.rejections("farm-7", "barn-2")).as("every report and birth verified").isEmpty();
        }
    }

    private Process startChild(Path dbFile, String brokerUri, Path keyFile) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), UplinkChildMain.class.getName(),
                dbFile.toString(), brokerUri, "400", keyFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
                .start();
    }
}
