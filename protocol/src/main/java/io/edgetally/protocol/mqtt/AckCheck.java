package io.edgetally.protocol.mqtt;

import io.edgetally.protocol.chain.Ed25519Verifier;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The device's check of an ack before it forgets a report: signed by a registry key it was provisioned with, for
 * this very device, for a seq it has published, naming the hash its own ledger holds for that seq, and not behind
 * an ack it accepted before. Anything else is refused with the reason (the device ignores it and raises an alarm):
 * a forged or unsigned ack must never make a device drop reports the registry does not hold.
 *
 * <p>Stateless and thread-safe; the device passes its ledger's view with each ack.
 */
public final class AckCheck {

    /** Why an ack was refused. */
    public enum Reason {
        /** Not JSON, or a member missing or of the wrong type. */
        FORMAT,
        /** A v1 ack ({@code {"seq":N}}) or one without signature, while the device holds a registry key. */
        UNSIGNED,
        /** Signed with a key whose id is not one of the registry keys this device trusts. */
        KEY_ID,
        /** The signature does not verify with the registry key it names. */
        SIGNATURE,
        /** An ack for another site or device. */
        WRONG_DEVICE,
        /** The hash is not the one the device's ledger holds for that seq: the registry holds another record. */
        HASH,
        /** A seq the device has not published (not in its ledger). */
        AHEAD,
        /**
         * A seq below an ack the device accepted before: acks never go backwards. Not an attack by itself: with
         * several registry instances an older ack can arrive after a newer one; the device ignores it quietly.
         */
        REGRESS
    }

    /** The outcome of one ack. */
    public sealed interface Outcome {
        record Accepted(SignedAck ack) implements Outcome {}

        record Refused(Reason reason, String message) implements Outcome {}
    }

    private final String site;
    private final String device;
    private final List<Ed25519Verifier> registryKeys;

    /**
     * @param registryKeys the registry keys this device was provisioned with (more than one while the registry
     *                     rotates its key)
     */
    public AckCheck(String site, String device, List<Ed25519Verifier> registryKeys) {
        if (registryKeys.isEmpty()) {
            throw new IllegalArgumentException("an ack check needs at least one registry key");
        }
        this.site = site;
        this.device = device;
        this.registryKeys = List.copyOf(registryKeys);
    }

    /**
     * Checks {@code payload} received on {@code topic}.
     *
     * @param highestPublished the highest seq the device has written to its ledger
     * @param lastAccepted     the seq of the last ack accepted (0 before any)
     * @param hashOfSeq        the hash the ledger holds for a seq (empty if it holds none, e.g. forgotten)
     */
    public Outcome check(String topic, byte[] payload, long highestPublished, long lastAccepted,
                         LongFunction<Optional<String>> hashOfSeq) {
        SignedAck ack;
        try {
            ack = SignedAck.decode(topic, payload);
        } catch (MqttPayloadException e) {
            Reason r = e.getMessage().contains("unsigned ack") ? Reason.UNSIGNED : Reason.FORMAT;
            return new Outcome.Refused(r, e.getMessage());
        }
        Optional<Ed25519Verifier> key = registryKeys.stream().filter(k -> k.keyId().equals(ack.keyId())).findFirst();
        if (key.isEmpty()) {
            return refused(Reason.KEY_ID, topic, "signed by key " + ack.keyId() + ", the device trusts "
                    + registryKeys.stream().map(Ed25519Verifier::keyId).toList());
        }
        if (!ack.verifies(key.get())) {
            return refused(Reason.SIGNATURE, topic, "signature does not verify with registry key " + ack.keyId());
        }
        if (!ack.site().equals(site) || !ack.device().equals(device)) {
            return refused(Reason.WRONG_DEVICE, topic, "ack for " + ack.site() + "/" + ack.device() + ", this is "
                    + site + "/" + device);
        }
        if (ack.seq() > highestPublished) {
            return refused(Reason.AHEAD, topic, "ack for seq " + ack.seq() + ", the device has published up to "
                    + highestPublished);
        }
        if (ack.seq() < lastAccepted) {
            return refused(Reason.REGRESS, topic, "ack for seq " + ack.seq() + " after an ack for seq " + lastAccepted);
        }
        if (ack.seq() > 0) {
            Optional<String> mine = hashOfSeq.apply(ack.seq());
            if (mine.isPresent() && !mine.get().equals(ack.hash())) {
                return refused(Reason.HASH, topic, "registry holds seq " + ack.seq() + " with hash " + ack.hash()
                        + ", the ledger's is " + mine.get());
            }
            if (mine.isEmpty() && ack.seq() > lastAccepted) {
                return refused(Reason.HASH, topic, "the ledger holds no record " + ack.seq() + " to compare the ack's"
                        + " hash with");
            }
        }
        return new Outcome.Accepted(ack);
    }

    private static Outcome refused(Reason reason, String topic, String message) {
        return new Outcome.Refused(reason, topic + ": " + message);
    }
}
