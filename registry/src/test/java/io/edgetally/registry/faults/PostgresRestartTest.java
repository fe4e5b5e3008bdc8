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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarted while a device drains its backlog: the registry retries its batch until the database is
 * back, acknowledges nothing it has not committed, and every report ends stored once, with no one's help.
 */
class PostgresRestartTest {

    @TempDir
    Path dir;

    @Test
    void theRegistryRecoversByItselfWhenPostgresComesBack() throws Exception {
        TestPostgres pg = TestPostgres.own(Files.createDirectories(dir.resolve("pg")));
        try (MosquittoBroker broker = new MosquittoBroker(dir)) {
            RegistryFixture f = new RegistryFixture(dir, broker.uri(), pg, "registry-pg", null);
            TestDevice barn = new TestDevice("jiange-01", "barn-07");
            f.enrol(barn);
            int n = 400;
            List<TallyReport> chain = barn.chain(n);
            try (RegistryService registry = f.start(); DeviceLink link = new DeviceLink(broker.uri(), "barn")) {
                for (int i = 0; i < 100; i++) {
                    link.report(barn.site, barn.device, TestDevice.bytes(chain.get(i)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> link.highestAck(barn.site, barn.device) == 100);
                pg.stop();
                for (int i = 100; i < n; i++) {
                    link.report(barn.site, barn.device, TestDevice.bytes(chain.get(i)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> registry.stats().snapshot().commitFailures() > 0);
                long ackedWhileDown = link.highestAck(barn.site, barn.device);
                pg.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> link.highestAck(barn.site, barn.device) == n);
                assertThat(ackedWhileDown).isEqualTo(100);
            } finally {
                try {
                    StoreCheck.everySeqOnceLinkedAndContiguous(f, barn.site, barn.device, n);
                } finally {
                    pg.stop();
                }
            }
        }
    }
}
