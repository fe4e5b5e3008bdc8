package io.edgetally.protocol.chain;

import java.security.PublicKey;

/**
 * Verifies an Ed25519 signature (base64) over given bytes. Stateless and thread-safe. It decodes the key on every
 * call; a verifier of many signatures by one key keeps an {@link Ed25519Verifier} instead.
 */
public final class SignatureCheck {

    private SignatureCheck() {}

    public static boolean verifies(PublicKey key, byte[] signedBytes, String signatureBase64) {
        Ed25519Verifier verifier;
        try {
            verifier = Ed25519Verifier.of(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return verifier.verifies(signedBytes, signatureBase64);
    }
}
