package io.edgetally.protocol.eta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtaSnapshotTest {

    private static final Instant SENT = Instant.parse("2026-06-01T09:00:00Z");

    @Test
    void aSnapshotSurvivesTheWireWithEveryTruckAndThePromise() {
        EtaSnapshot s = new EtaSnapshot(SENT, SENT.plusSeconds(3600), List.of(
                new EtaSnapshot.TruckEta("T012", SENT.plusSeconds(1020)),
                new EtaSnapshot.TruckEta("T044", SENT.plusSeconds(2400))));

        EtaSnapshot back = EtaSnapshot.decode("fleet/yibin-4/eta", s.encode());

        assertThat(back).isEqualTo(s);
    }

    @Test
    void aPlatformSendingLocalTimeWithAnOffsetIsUnderstood() {
        String json = "{\"schema\":\"edgetally.eta/1\",\"sent\":\"2026-06-01T17:00:00+08:00\","
                + "\"complete-until\":\"2026-06-01T18:00:00+08:00\",\"trucks\":[{\"truck\":\"T7\","
                + "\"eta\":\"2026-06-01T17:20:00+08:00\"}]}";

        EtaSnapshot s = EtaSnapshot.decode("t", json.getBytes(StandardCharsets.UTF_8));

        assertThat(s.sent()).isEqualTo(SENT);
        assertThat(s.trucks().getFirst().eta()).isEqualTo(Instant.parse("2026-06-01T09:20:00Z"));
    }

    @Test
    void badPayloadsAreRefusedNamingTheTopicAndWhatWasExpected() {
        assertThatThrownBy(() -> decode("{\"schema\":\"other/2\",\"sent\":\"2026-06-01T09:00:00Z\","
                + "\"complete-until\":\"2026-06-01T10:00:00Z\",\"trucks\":[]}"))
                .hasMessageContaining("fleet/x/eta").hasMessageContaining("edgetally.eta/1");
        assertThatThrownBy(() -> decode("{\"schema\":\"edgetally.eta/1\",\"sent\":\"09:00\","
                + "\"complete-until\":\"2026-06-01T10:00:00Z\",\"trucks\":[]}"))
                .hasMessageContaining("'sent' is '09:00'").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> decode("{\"schema\":\"edgetally.eta/1\",\"sent\":\"2026-06-01T09:00:00Z\","
                + "\"complete-until\":\"2026-06-01T08:00:00Z\",\"trucks\":[]}"))
                .hasMessageContaining("fleet/x/eta").hasMessageContaining("before sent");
        assertThatThrownBy(() -> decode("{\"schema\":\"edgetally.eta/1\",\"sent\":\"2026-06-01T09:00:00Z\","
                + "\"complete-until\":\"2026-06-01T10:00:00Z\",\"trucks\":[{\"truck\":\"T1\",\"eta\":"
                + "\"2026-06-01T09:10:00Z\"},{\"truck\":\"T1\",\"eta\":\"2026-06-01T09:20:00Z\"}]}"))
                .hasMessageContaining("T1 is listed twice");
        assertThatThrownBy(() -> decode("{\"schema\":\"edgetally.eta/1\",\"sent\":\"2026-06-01T09:00:00Z\","
                + "\"complete-until\":\"2026-06-05T10:00:00Z\",\"trucks\":[]}"))
                .hasMessageContaining("more than 48 h");
        assertThatThrownBy(() -> decode("[1,2]")).isInstanceOf(EtaPayloadException.class)
                .hasMessageContaining("fleet/x/eta");
        assertThatThrownBy(() -> decode("{\"schema\":\"edgetally.eta/1\",\"sent\":\"2026-06-01T09:00:00Z\","
                + "\"complete-until\":\"2026-06-01T10:00:00Z\",\"trucks\":[\"T1\"]}"))
                .hasMessageContaining("trucks[0] is not an object");
    }

    private static EtaSnapshot decode(String json) {
        return EtaSnapshot.decode("fleet/x/eta", json.getBytes(StandardCharsets.UTF_8));
    }
}
