package io.edgetally.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.report.TallyReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StateBirthTest {

    private static final String TOPIC = "edgetally/v1/jiange-01/barn-07/state";
    private final Ed25519Signer device = Ed25519Signer.ofSeed(new byte[32]);
    private final Instant at = Instant.parse("2026-07-14T06:00:05Z");

    @Test
    void aSignedBirthCarriesTheChainHeadAndVerifiesWithTheDeviceKey() {
        StateBirth birth = StateBirth.sign("jiange-01", "barn-07", 120, SignedAckTest.hashOf(120), at, device);
        String wire = new String(birth.encode(), StandardCharsets.UTF_8);
        assertThat(wire).startsWith("{\"at\":\"2026-07-14T06:00:05Z\",\"device\":\"barn-07\",\"hash\":\"");
        assertThat(wire).contains("\"schema\":\"edgetally.state/2\",\"seq\":120,\"signature\":\"")
                .endsWith("\"site\":\"jiange-01\",\"state\":\"online\"}");
        StateMessage decoded = StateMessage.decode(TOPIC, birth.encode());
        assertThat(decoded).isEqualTo(new StateMessage.Signed(birth));
        assertThat(decoded.state()).isEqualTo(DeviceState.ONLINE);
        assertThat(birth.verifies(device.verifier())).isTrue();
        assertThat(birth.verifies(Ed25519Signer.ofSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}).verifier())).isFalse();
    }

    @Test
    void aBirthWithAnAlteredHeadNoLongerVerifies() {
        StateBirth birth = StateBirth.sign("jiange-01", "barn-07", 120, SignedAckTest.hashOf(120), at, device);
        StateBirth truncated = new StateBirth(birth.site(), birth.device(), 100, birth.hash(), birth.at(),
                birth.keyId(), birth.signature());
        assertThat(truncated.verifies(device.verifier())).isFalse();
    }

    @Test
    void theBareWordsOfVersion1AreStillRead() {
        assertThat(StateMessage.decode(TOPIC, "online".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new StateMessage.Bare(DeviceState.ONLINE));
        assertThat(StateMessage.decode(TOPIC, DeviceState.OFFLINE.payload()))
                .isEqualTo(new StateMessage.Bare(DeviceState.OFFLINE));
    }

    @Test
    void aBadStatePayloadNamesTheTopic() {
        assertThatThrownBy(() -> StateMessage.decode(TOPIC, "{\"schema\":\"edgetally.state/2\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MqttPayloadException.class)
                .hasMessageContaining(TOPIC).hasMessageContaining("state");
        assertThatThrownBy(() -> StateMessage.decode(TOPIC, "{oops".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining(TOPIC).hasMessageContaining("JSON");
        assertThatThrownBy(() -> StateMessage.decode(TOPIC, "maybe".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("expected 'online' or 'offline'");
    }

    @Test
    void aFreshDeviceAnnouncesSeqZeroWithTheGenesisHash() {
        StateBirth birth = StateBirth.sign("s", "d", 0, TallyReport.GENESIS_HASH, at, device);
        assertThat(birth.verifies(device.verifier())).isTrue();
        assertThatThrownBy(() -> StateBirth.sign("s", "d", 0, SignedAckTest.hashOf(3), at, device))
                .hasMessageContaining("genesis");
    }
}
