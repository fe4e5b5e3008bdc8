package io.edgetally.registry.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgetally.protocol.report.TallyReport;
import io.edgetally.registry.RegistryService;
import io.edgetally.registry.support.DeviceLink;
import io.edgetally.registry.support.MosquittoBroker;
import io.edgetally.registry.support.RegistryFixture;
import io.edgetally.registry.support.TestDevice;
import io.edgetally.registry.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two registry instances in one shared-subscription group: Mosquitto hands each device's reports to both, round
 * robin, so each instance files them out of order; PostgreSQL orders every chain, and every device ends acked to
 * its last seq with each report stored once.
 */
class SharedGroupTest {

    @TempDir
    Path dir;

    @Test
    void twoInstancesShareTheReportsAndEveryChainEndsContiguous() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            String db = TestPostgres.shared().newDatabase();
            Path a = Files.createDirectories(dir.resolve("a"));
            Path b = Files.createDirectories(dir.resolve("b"));
            RegistryFixture fa = new RegistryFixture(a, broker.uri(), db, "postgres", "registry-a", "registry");
            Files.copy(a.resolve("registry-key.pem"), b.resolve("registry-key.pem"));
            RegistryFixture fb = new RegistryFixture(b, broker.uri(), db, "postgres", "registry-b", "registry");
            List<TestDevice> devices = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                TestDevice d = new TestDevice("yibin-03", "station-" + i);
                fa.enrol(d);
                devices.add(d);
            }
            int n = 60;
            try (RegistryService ra = fa.start(); RegistryService rb = fb.start();
                 DeviceLink link = new DeviceLink(broker.uri(), "fleet")) {
                for (int seq = 0; seq < n; seq++) {
                    for (TestDevice d : devices) {
                        link.report(d.site, d.device, TestDevice.bytes(chains(d, n).get(seq)));
                    }
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> devices.stream()
                        .allMatch(d -> link.highestAck(d.site, d.device) == n));
                assertThat(ra.stats().snapshot().messages()).isPositive();
                assertThat(rb.stats().snapshot().messages()).isPositive();
                for (TestDevice d : devices) {
                    // acks from either instance only ever name what was committed: each one's hash is that seq's
                    for (var ack : link.acks(d.site, d.device)) {
                        if (ack.seq() > 0) {
                            assertThat(ack.hash()).isEqualTo(chains(d, n).get((int) ack.seq() - 1).hash());
                        }
                    }
                }
            }
            for (TestDevice d : devices) {
                StoreCheck.everySeqOnceLinkedAndContiguous(fa, d.site, d.device, n);
            }
        }
    }

    private final java.util.Map<String, List<TallyReport>> chains = new java.util.HashMap<>();

    private List<TallyReport> chains(TestDevice d, int n) {
        return chains.computeIfAbsent(d.device, k -> d.chain(n));
    }
}
