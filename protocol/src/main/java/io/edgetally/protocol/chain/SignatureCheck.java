package io.edgetally.protocol.chain;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Verifies an Ed25519 signature (base64) over given bytes. Stateless and thread-safe. */
public final class SignatureCheck {

    private SignatureCheck() {}

    public static boolean verifies(PublicKey key, byte[] signedBytes, String signatureBase64) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signedBytes);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
