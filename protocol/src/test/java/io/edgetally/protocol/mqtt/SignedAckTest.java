package io.edgetally.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.json.Json;
import io.edgetally.protocol.json.JsonValue;
import io.edgetally.protocol.json.JsonValue.JsonObject;
import io.edgetally.protocol.report.TallyReport;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class SignedAckTest {

    private static final String TOPIC = "edgetally/v1/jiange-01/barn-07/ack";
    private final Ed25519Signer registry = Ed25519Signer.ofSeed(new byte[32]);
    private final Ed25519Signer stranger = Ed25519Signer.ofSeed(filled(7));
    private final AckCheck check = new AckCheck("jiange-01", "barn-07", List.of(registry.verifier()));
    /** The device's ledger: seq N has hash "N" padded with a's. */
    private final LongFunction<Optional<String>> ledger = seq -> seq >= 1 && seq <= 50
            ? Optional.of(hashOf(seq)) : Optional.empty();

    @Test
    void aSignedAckIsCanonicalJsonThatAVersion1DeviceReadsAsItsSeq() {
        SignedAck ack = SignedAck.sign("jiange-01", "barn-07", 41, hashOf(41), registry);
        String wire = new String(ack.encode(), StandardCharsets.UTF_8);
        assertThat(wire).startsWith("{\"device\":\"barn-07\",\"hash\":\"" + hashOf(41) + "\",\"keyId\":\""
                + registry.keyId() + "\",\"schema\":\"edgetally.ack/2\",\"seq\":41,\"signature\":\"");
        assertThat(wire).endsWith("\",\"site\":\"jiange-01\"}");
        assertThat(Ack.decode(TOPIC, ack.encode())).isEqualTo(new Ack(41));
        assertThat(SignedAck.decode(TOPIC, ack.encode())).isEqualTo(ack);
        assertThat(ack.verifies(registry.verifier())).isTrue();
    }

    @Test
    void aGoodAckIsAccepted() {
        byte[] ack = SignedAck.sign("jiange-01", "barn-07", 41, hashOf(41), registry).encode();
        assertThat(check.check(TOPIC, ack, 50, 30, ledger)).isInstanceOf(AckCheck.Outcome.Accepted.class);
        byte[] none = SignedAck.none("jiange-01", "barn-07", registry).encode();
        assertThat(check.check(TOPIC, none, 50, 0, ledger)).isInstanceOf(AckCheck.Outcome.Accepted.class);
        // the same ack again is harmless
        assertThat(check.check(TOPIC, ack, 50, 41, ledger)).isInstanceOf(AckCheck.Outcome.Accepted.class);
    }

    @Test
    void anUnsignedVersion1AckIsRefused() {
        assertRefused(new Ack(41).encode(), AckCheck.Reason.UNSIGNED, "unsigned ack");
    }

    @Test
    void anAckSignedByAnotherKeyIsRefused() {
        assertRefused(SignedAck.sign("jiange-01", "barn-07", 41, hashOf(41), stranger).encode(),
                AckCheck.Reason.KEY_ID, stranger.keyId());
        // a forger who copies the registry's key id still cannot sign for it
        SignedAck forged = SignedAck.sign("jiange-01", "barn-07", 41, hashOf(41), stranger);
        SignedAck namedAsRegistry = new SignedAck(forged.site(), forged.device(), forged.seq(), forged.hash(),
                registry.keyId(), forged.signature());
        assertRefused(namedAsRegistry.encode(), AckCheck.Reason.SIGNATURE, "does not verify");
    }

    @Test
    void anAckWithAnAlteredSeqNoLongerVerifies() {
        byte[] ack = SignedAck.sign("jiange-01", "barn-07", 41, hashOf(41), registry).encode();
        byte[] raised = with(ack, "seq", JsonValue.of(49));
        assertRefused(raised, AckCheck.Reason.SIGNATURE, "does not verify");
    }

    @Test
    void anotherDevicesAckIsRefused() {
        assertRefused(SignedAck.sign("jiange-01", "barn-08", 41, hashOf(41), registry).encode(),
                AckCheck.Reason.WRONG_DEVICE, "jiange-01/barn-08");
        assertRefused(SignedAck.sign("jiange-02", "barn-07", 41, hashOf(41), registry).encode(),
                AckCheck.Reason.WRONG_DEVICE, "jiange-02/barn-07");
    }

    @Test
    void anAckNamingAnotherHashThanTheLedgersIsRefused() {
        assertRefused(SignedAck.sign("jiange-01", "barn-07", 41, hashOf(40), registry).encode(),
                AckCheck.Reason.HASH, "hash " + hashOf(40));
    }

    @Test
    void anAckBelowTheLastOneIsRefused() {
        assertRefused(SignedAck.sign("jiange-01", "barn-07", 20, hashOf(20), registry).encode(),
                AckCheck.Reason.REGRESS, "seq 20 after an ack for seq 30");
    }

    @Test
    void anAckAboveWhatTheDevicePublishedIsRefused() {
        assertRefused(SignedAck.sign("jiange-01", "barn-07", 51, hashOf(1), registry).encode(),
                AckCheck.Reason.AHEAD, "published up to 50");
    }

    @Test
    void anAckThatIsNotJsonOrLacksAMemberIsAFormatError() {
        assertRefused("ok".getBytes(StandardCharsets.UTF_8), AckCheck.Reason.FORMAT, TOPIC);
        byte[] ack = SignedAck.sign("jiange-01", "barn-07", 41, hashOf(41), registry).encode();
        JsonObject o = Json.parseObject(ack);
        Map<String, JsonValue> m = new LinkedHashMap<>(o.members());
        m.remove("hash");
        assertRefused(Json.canonical(new JsonObject(m)), AckCheck.Reason.FORMAT, "hash");
    }

    @Test
    void aRegistryKeyBeingRotatedIsTrustedBesideTheOld() {
        AckCheck both = new AckCheck("jiange-01", "barn-07", List.of(registry.verifier(), stranger.verifier()));
        assertThat(both.check(TOPIC, SignedAck.sign("jiange-01", "barn-07", 41, hashOf(41), stranger).encode(), 50,
                30, ledger)).isInstanceOf(AckCheck.Outcome.Accepted.class);
    }

    private void assertRefused(byte[] payload, AckCheck.Reason reason, String text) {
        AckCheck.Outcome o = check.check(TOPIC, payload, 50, 30, ledger);
        assertThat(o).isInstanceOf(AckCheck.Outcome.Refused.class);
        AckCheck.Outcome.Refused r = (AckCheck.Outcome.Refused) o;
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).contains(TOPIC).contains(text);
    }

    private static byte[] with(byte[] payload, String key, JsonValue value) {
        Map<String, JsonValue> m = new LinkedHashMap<>(Json.parseObject(payload).members());
        m.put(key, value);
        return Json.canonical(new JsonObject(m));
    }

    static String hashOf(long seq) {
        String s = Long.toHexString(seq);
        return "a".repeat(64 - s.length()) + s;
    }

    private static byte[] filled(int b) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) b);
        return seed;
    }

    @Test
    void genesisAckNamesTheGenesisHash() {
        assertThat(SignedAck.none("s", "d", registry).hash()).isEqualTo(TallyReport.GENESIS_HASH);
        Ed25519Verifier v = registry.verifier();
        assertThat(SignedAck.none("s", "d", registry).verifies(v)).isTrue();
    }
}
