package io.edgetally.protocol.chain;

import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies Ed25519 signatures (RFC 8032, pure Ed25519) by one public key. The key's curve point is decoded and
 * checked once, when the verifier is built, so each verification only does the signature's own work: on this
 * project's 2-core build machine about ten times the JDK's {@code Signature("Ed25519")}. Immutable and
 * thread-safe: one instance per enrolled key, shared by every worker.
 */
public final class Ed25519Verifier {

    private final byte[] raw;
    private final Ed25519.PublicPoint point;
    private final String keyId;

    private Ed25519Verifier(byte[] raw, Ed25519.PublicPoint point) {
        this.raw = raw.clone();
        this.point = point;
        this.keyId = Ed25519Keys.keyIdOfRaw(raw);
    }

    /**
     * A verifier for the raw 32-byte public key. A key that is not a point of the curve (or is one of its small-
     * order points, which would let anyone "sign") is refused here, not at the first signature.
     */
    public static Ed25519Verifier ofRaw(byte[] raw) {
        if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, found " + raw.length);
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(raw, 0);
        if (point == null) {
            throw new IllegalArgumentException("not a valid Ed25519 public key (not a point of the curve, or of"
                    + " small order)");
        }
        return new Ed25519Verifier(raw, point);
    }

    public static Ed25519Verifier of(PublicKey key) {
        return ofRaw(Ed25519Keys.raw(key));
    }

    /** A verifier for a key given as base64 (raw 32 bytes or X.509 form), as {@link Ed25519Keys#fromBase64}. */
    public static Ed25519Verifier ofBase64(String text) {
        return of(Ed25519Keys.fromBase64(text));
    }

    /** Whether {@code signature} (64 bytes) is a valid signature of {@code message} by this key. */
    public boolean verifies(byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    /**
     * As {@link #verifies(byte[], byte[])} with the signature in base64. Only the one canonical spelling verifies
     * (RFC 4648 base64 with padding, the unused low bits of the last character zero, as every encoder writes it):
     * a decoder ignores those bits, so without this check four spellings of one signature would verify, and a
     * record whose bytes were altered there would pass as the signed one. Text that is not base64 does not verify.
     */
    public boolean verifies(byte[] message, String signatureBase64) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!Base64.getEncoder().encodeToString(sig).equals(signatureBase64)) {
            return false;
        }
        return verifies(message, sig);
    }

    /** The raw 32-byte public key. */
    public byte[] rawPublicKey() {
        return raw.clone();
    }

    /** The key's short id, as {@link Ed25519Keys#keyId}. */
    public String keyId() {
        return keyId;
    }
}
