package io.edgetally.sim.registry;

import io.edgetally.sim.registry.ReportAcceptor.Verdict;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the registry files and what it acks: idempotent by (device, seq), chained by prevHash, contiguous acks. */
class RegistryStoreTest {

    private static final Instant NOW = Instant.parse("2026-08-01T00:00:00Z");

    @TempDir
    Path dir;

    private static RegistryStore.Incoming report(String device, long seq, String hash, String prev) {
        String json = "{\"device\":\"" + device + "\",\"seq\":" + seq + ",\"hash\":\"" + hash + "\",\"prevHash\":\""
                + prev + "\"}";
        return new RegistryStore.Incoming("farm", device, new FieldCheckingAcceptor()
                .accept(json.getBytes(StandardCharsets.UTF_8)), json);
    }

    @Test
    void outOfOrderArrivalsAreKeptButAckedOnlyUpToTheGap() {
        try (RegistryStore s = new RegistryStore(dir.resolve("r.db"))) {
            s.store(List.of(report("d", 1, "h1", "h0"), report("d", 3, "h3", "h2")), NOW);
            assertThat(s.highestContiguous("d")).isEqualTo(1);
            s.store(List.of(report("d", 2, "h2", "h1")), NOW);
            assertThat(s.highestContiguous("d")).isEqualTo(3);
            assertThat(s.reports("d")).extracting(StoredReport::seq).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aReplayIsCountedNotStoredAndSurvivesARestart() {
        Path file = dir.resolve("r.db");
        try (RegistryStore s = new RegistryStore(file)) {
            s.store(List.of(report("d", 1, "h1", "h0"), report("d", 2, "h2", "h1")), NOW);
            s.store(List.of(report("d", 1, "h1", "h0"), report("d", 2, "h2", "h1")), NOW);
        }
        try (RegistryStore s = new RegistryStore(file)) {
            assertThat(s.reports("d")).hasSize(2);
            assertThat(s.deviceColumn("d", "duplicates")).contains("2");
            assertThat(s.highestContiguous("d")).isEqualTo(2);
        }
    }

    @Test
    void aBrokenChainOrAReusedSeqIsRejectedWithTheReason() {
        try (RegistryStore s = new RegistryStore(dir.resolve("r.db"))) {
            s.store(List.of(report("d", 1, "h1", "h0")), NOW);
            s.store(List.of(report("d", 2, "h2", "not-h1")), NOW);
            assertThat(s.deviceColumn("d", "last_rejection")).get().asString().contains("prevHash");
            s.store(List.of(report("d", 1, "other", "h0")), NOW);
            assertThat(s.deviceColumn("d", "last_rejection")).get().asString().contains("another hash");
            s.store(List.of(report("d", 3, "h3", "h2")), NOW);
            s.store(List.of(report("d", 2, "h2-forged", "h1")), NOW);
            assertThat(s.deviceColumn("d", "last_rejection")).get().asString().contains("prevHash of the stored seq 3");
            assertThat(s.reports("d")).extracting(StoredReport::hash).containsExactly("h1", "h3");
            assertThat(s.deviceColumn("d", "rejected")).contains("3");
            assertThat(s.highestContiguous("d")).isEqualTo(1);
        }
    }

    @Test
    void aReportForAnotherDeviceOrWithoutFieldsIsRejected() {
        try (RegistryStore s = new RegistryStore(dir.resolve("r.db"))) {
            RegistryStore.Incoming wrongTopic = new RegistryStore.Incoming("farm", "d",
                    new Verdict.Accepted("e", 1, "h1", "h0"), "{}");
            s.store(List.of(wrongTopic), NOW);
            assertThat(s.deviceColumn("d", "last_rejection")).get().asString().contains("device 'e'");
            assertThat(new FieldCheckingAcceptor().accept("{\"device\":\"d\",\"seq\":1}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(Verdict.Rejected.class, r -> assertThat(r.reason()).contains("hash"));
            assertThat(s.reports("e")).isEmpty();
        }
    }
}
