package io.edgetally.uplink;

import io.edgetally.protocol.chain.Ed25519Verifier;
import io.edgetally.protocol.mqtt.Ack;
import io.edgetally.protocol.mqtt.AckCheck;
import io.edgetally.protocol.mqtt.MqttPayloadException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Decides whether an ack may make the device forget reports. With the registry's key provisioned every ack must be
 * an {@code edgetally.ack/2} that {@link AckCheck} accepts: signed by that key, for this site and device, for a seq
 * the device has published, naming the hash its own ledger holds for it. Without a key (an install older than
 * signed acks) any ack's {@code seq} is taken, but never one above the highest seq this device has published: one
 * forged {@code {"seq":99999999}} must not mark every later record acknowledged as soon as it is written.
 *
 * <p>An ack below the last one accepted is a late ack (another registry instance's, or a redelivery) and is ignored
 * quietly; everything else refused is the caller's to count and raise. Stateless: the uplink worker passes its
 * state with each ack.
 */
final class AckGuard {

    /** What to do with one ack. */
    sealed interface Outcome {
        /** Trusted: every report up to {@code seq} may be forgotten. */
        record Accepted(long seq) implements Outcome {}

        /** Older than the last accepted one: harmless, ignored without an alarm. */
        record Late(long seq) implements Outcome {}

        /** Not trusted: ignored, counted and raised. */
        record Refused(String reason, String message) implements Outcome {}
    }

    private final Optional<AckCheck> check;

    AckGuard(String site, String device, List<Ed25519Verifier> registryKeys) {
        this.check = registryKeys.isEmpty() ? Optional.empty() : Optional.of(new AckCheck(site, device, registryKeys));
    }

    /** Whether acks are checked against a registry key. */
    boolean authenticated() {
        return check.isPresent();
    }

    /**
     * @param published    the highest seq this device has ever published
     * @param lastAccepted the seq of the last ack accepted (0 before any)
     * @param hashOfSeq    the hash the ledger holds for a seq
     */
    Outcome check(String topic, byte[] payload, long published, long lastAccepted,
                  LongFunction<Optional<String>> hashOfSeq) {
        if (check.isPresent()) {
            return switch (check.get().check(topic, payload, published, lastAccepted, hashOfSeq)) {
                case AckCheck.Outcome.Accepted a -> new Outcome.Accepted(a.ack().seq());
                case AckCheck.Outcome.Refused r when r.reason() == AckCheck.Reason.REGRESS ->
                        new Outcome.Late(lastAccepted);
                case AckCheck.Outcome.Refused r -> new Outcome.Refused(r.reason().name(), r.message());
            };
        }
        long seq;
        try {
            seq = Ack.decode(topic, payload).seq();
        } catch (MqttPayloadException e) {
            return new Outcome.Refused(AckCheck.Reason.FORMAT.name(), e.getMessage());
        }
        if (seq > published) {
            return new Outcome.Refused(AckCheck.Reason.AHEAD.name(), topic + ": ack for seq " + seq
                    + ", the device has published up to " + published);
        }
        if (seq < lastAccepted) {
            return new Outcome.Late(seq);
        }
        return new Outcome.Accepted(seq);
    }
}
