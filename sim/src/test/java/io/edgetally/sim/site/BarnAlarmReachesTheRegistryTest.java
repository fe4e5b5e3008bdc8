package io.edgetally.sim.site;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgetally.config.BarnConfig;
import io.edgetally.sim.barn.BarnFault;
import io.edgetally.sim.broker.EmbeddedBroker;
import io.edgetally.sim.broker.MosquittoBroker;
import io.edgetally.sim.registry.RegistryUnderTest;
import io.edgetally.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN's safety principle: a fault's alarm reaches the operator and the registry. A probe cut in the simulated
 * barn is seen by the real controller, and the CRITICAL alarm arrives at the registry over MQTT, then its clearing.
 */
class BarnAlarmReachesTheRegistryTest {

    @TempDir
    Path dir;

    @Test
    void aCutProbesCriticalAlarmAndItsClearingReachTheRegistry() throws Exception {
        assumeTrue(MosquittoBroker.installed(), "the registry's bridge needs mosquitto (apt-get install mosquitto)");
        SimulatedBarn.Options options = new SimulatedBarn.Options(dir, BarnConfig.Heating.RESISTIVE, "middle-leaf",
                Duration.ofSeconds(15), 3, false, false, Database.Durability.NORMAL);
        try (SimulatedBarn sim = new SimulatedBarn(options);
             EmbeddedBroker broker = EmbeddedBroker.startPlain(0);
             RegistryUnderTest registry = RegistryUnderTest.bridgedTo(dir, broker.plainUri())) {
            registry.enrolSite(sim.config());
            // the barn's service exactly as 'edgetally run' builds it, its uplink on the registry's broker
            sim.start(SimulatedBarn.Boot.withUplink(broker.plainUri(), Duration.ofHours(6)));
            String site = sim.config().site();
            String device = sim.config().device();
            for (int i = 0; i < 20; i++) {
                sim.step();
            }

            sim.barn().inject(BarnFault.DRY_BULB_PROBE_OPEN);
            for (int i = 0; i < 3; i++) {
                sim.step();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.alarms(site, device).stream()
                    .anyMatch(a -> a.contains("\"event\":\"raised\"") && a.contains("barn.dry-bulb.fault")
                            && a.contains("CRITICAL")));

            sim.barn().clear(BarnFault.DRY_BULB_PROBE_OPEN);
            for (int i = 0; i < 20; i++) {
                sim.step();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.alarms(site, device).stream()
                    .anyMatch(a -> a.contains("\"event\":\"cleared\"") && a.contains("barn.dry-bulb.fault")));
        }
    }
}
