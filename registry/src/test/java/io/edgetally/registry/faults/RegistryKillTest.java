package io.edgetally.registry.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.protocol.report.TallyReport;
import io.edgetally.registry.support.DeviceLink;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestDevice;
import io.edgetally.registry.support.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry, a child process, killed with SIGKILL at random points while a device drains a backlog (the device
 * publishes again from its last ack, as its outbox does): afterwards every seq is stored exactly once, the chain
 * is contiguous, and the device holds the ack of its last seq.
 */
class RegistryKillTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killedAtRandomPointsNothingIsLostOrDoubled() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        System.out.println("RegistryKillTest seed " + seed);
        int n = 600;
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture f = new RegistryFixture(dir, broker.uri(), TestPostgres.shared(), "registry-kill", null);
            TestDevice barn = new TestDevice("jiange-01", "barn-07");
            f.enrol(barn);
            List<TallyReport> chain = barn.chain(n);
            ScheduledExecutorService outbox = Executors.newSingleThreadScheduledExecutor();
            Process registry = start(f);
            try (DeviceLink link = new DeviceLink(broker.uri(), "barn-kill")) {
                // the device's outbox: everything after the last ack, again every 2 s until all is acked
                outbox.scheduleWithFixedDelay(() -> {
                    long from = link.highestAck(barn.site, barn.device);
                    try {
                        for (long seq = from + 1; seq <= n; seq++) {
                            link.report(barn.site, barn.device, TestDevice.bytes(chain.get((int) seq - 1)));
                        }
                    } catch (Exception e) {
                        // the broker is up throughout; a failed publish is retried on the next round
                    }
                }, 0, 2, TimeUnit.SECONDS);
                long threshold = 0;
                for (int kill = 0; kill < 3; kill++) {
                    threshold = threshold + 1 + random.nextInt((int) (n * 0.8 - threshold) / (3 - kill));
                    long at = threshold;
                    await().atMost(Duration.ofSeconds(90)).until(() -> link.highestAck(barn.site, barn.device) >= at);
                    registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
                    registry = start(f);
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> link.highestAck(barn.site, barn.device) == n);
                assertThat(link.acks(barn.site, barn.device).getLast().hash()).isEqualTo(chain.getLast().hash());
            } finally {
                outbox.shutdownNow();
                registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            StoreCheck.everySeqOnceLinkedAndContiguous(f, barn.site, barn.device, n);
        }
    }

    private Process start(RegistryFixture f) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.edgetally.registry.cli.RegistryMain", "serve", "--config", f.configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
                .start();
    }
}
