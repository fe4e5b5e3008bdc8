package io.edgetally.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgetally.protocol.chain.Ed25519Keys;
import io.edgetally.protocol.chain.Ed25519Signer;
import io.edgetally.protocol.mqtt.SignedAck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Which acks may make a device forget reports, with and without the registry's key provisioned. */
class AckGuardTest {

    private static final String TOPIC = "edgetally/v1/farm-7/barn-2/ack";
    private static final Ed25519Signer REGISTRY = Ed25519Signer.of(Ed25519Keys.generate());
    private static final LongFunction<Optional<String>> LEDGER = seq -> Optional.of(hash(seq));

    private static String hash(long seq) {
        return String.format("%064x", seq);
    }

    private static byte[] v1(long seq) {
        return ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAKeyAnAckAboveWhatWasPublishedIsRefusedAndALateOneIgnoredQuietly() {
        AckGuard guard = new AckGuard("farm-7", "barn-2", List.of());
        assertThat(guard.authenticated()).isFalse();
        assertThat(guard.check(TOPIC, v1(99_999_999), 3, 0, LEDGER))
                .isInstanceOfSatisfying(AckGuard.Outcome.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo("AHEAD");
                    assertThat(r.message()).contains("99999999", "published up to 3");
                });
        assertThat(guard.check(TOPIC, v1(3), 3, 0, LEDGER)).isEqualTo(new AckGuard.Outcome.Accepted(3));
        assertThat(guard.check(TOPIC, v1(2), 3, 3, LEDGER)).isInstanceOf(AckGuard.Outcome.Late.class);
        assertThat(guard.check(TOPIC, "not json".getBytes(StandardCharsets.UTF_8), 3, 0, LEDGER))
                .isInstanceOfSatisfying(AckGuard.Outcome.Refused.class, r -> assertThat(r.reason())
                        .isEqualTo("FORMAT"));
        // a signed ack is read for its seq by a device without the key, as by a v1 device
        assertThat(guard.check(TOPIC, SignedAck.sign("farm-7", "barn-2", 2, hash(2), REGISTRY).encode(), 3, 0,
                LEDGER)).isEqualTo(new AckGuard.Outcome.Accepted(2));
    }

    @Test
    void withTheRegistrysKeyOnlyItsSignedAckForThisDeviceAndItsOwnHashIsTaken() {
        AckGuard guard = new AckGuard("farm-7", "barn-2", List.of(REGISTRY.verifier()));
        assertThat(guard.authenticated()).isTrue();
        assertThat(guard.check(TOPIC, SignedAck.sign("farm-7", "barn-2", 5, hash(5), REGISTRY).encode(), 8, 2,
                LEDGER)).isEqualTo(new AckGuard.Outcome.Accepted(5));
        assertThat(reason(guard.check(TOPIC, v1(5), 8, 2, LEDGER))).isEqualTo("UNSIGNED");
        Ed25519Signer other = Ed25519Signer.of(Ed25519Keys.generate());
        assertThat(reason(guard.check(TOPIC, SignedAck.sign("farm-7", "barn-2", 5, hash(5), other).encode(), 8, 2,
                LEDGER))).isEqualTo("KEY_ID");
        assertThat(reason(guard.check(TOPIC, SignedAck.sign("farm-7", "barn-9", 5, hash(5), REGISTRY).encode(), 8,
                2, LEDGER))).isEqualTo("WRONG_DEVICE");
        assertThat(reason(guard.check(TOPIC, SignedAck.sign("farm-7", "barn-2", 5, hash(6), REGISTRY).encode(), 8,
                2, LEDGER))).isEqualTo("HASH");
        assertThat(reason(guard.check(TOPIC, SignedAck.sign("farm-7", "barn-2", 9, hash(9), REGISTRY).encode(), 8,
                2, LEDGER))).isEqualTo("AHEAD");
        assertThat(guard.check(TOPIC, SignedAck.sign("farm-7", "barn-2", 1, hash(1), REGISTRY).encode(), 8, 2,
                LEDGER)).as("another instance's late ack").isInstanceOf(AckGuard.Outcome.Late.class);
    }

    private static String reason(AckGuard.Outcome o) {
        assertThat(o).isInstanceOf(AckGuard.Outcome.Refused.class);
        return ((AckGuard.Outcome.Refused) o).reason();
    }
}
