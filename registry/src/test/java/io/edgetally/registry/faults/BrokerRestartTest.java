package io.edgetally.registry.faults;

import static org.awaitility.Awaitility.await;

import io.edgetally.protocol.report.TallyReport;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.support.DeviceLink;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestDevice;
import io.edgetally.registry.support.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker restarted (losing every session) while a device drains its backlog: registry and device reconnect by
 * themselves, the registry acknowledges no packet of the old connection on the new one, and every seq ends stored
 * once and acked.
 */
class BrokerRestartTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aBrokerRestartLosesNothingAndDoublesNothing() throws Exception {
        int n = 3000;
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture f = new RegistryFixture(dir, broker.uri(), TestPostgres.shared(), "registry-br", null);
            TestDevice barn = new TestDevice("jiange-01", "barn-07");
            f.enrol(barn);
            List<TallyReport> chain = barn.chain(n);
            ScheduledExecutorService outbox = Executors.newSingleThreadScheduledExecutor();
            try (RegistryService registry = f.start(); DeviceLink link = new DeviceLink(broker.uri(), "barn-br")) {
                outbox.scheduleWithFixedDelay(() -> {
                    try {
                        for (long s = link.highestAck(barn.site, barn.device) + 1; s <= n; s++) {
                            link.report(barn.site, barn.device, TestDevice.bytes(chain.get((int) s - 1)));
                        }
                    } catch (Exception e) {
                        // the broker is down: the next round publishes again
                    }
                }, 0, 2, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(60)).until(() -> link.highestAck(barn.site, barn.device) >= 200);
                broker.stop();
                broker.start();
                await().atMost(Duration.ofSeconds(120)).until(() -> link.highestAck(barn.site, barn.device) == n);
                await().atMost(Duration.ofSeconds(30)).until(registry::connected);
            } finally {
                outbox.shutdownNow();
            }
            StoreCheck.everySeqOnceLinkedAndContiguous(f, barn.site, barn.device, n);
        }
    }
}
