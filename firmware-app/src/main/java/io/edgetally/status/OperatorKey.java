package io.edgetally.status;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One operator's DTLS pre-shared key: the identity they present (recorded with each action) and the secret.
 * Not a record, so the secret never shows in {@code toString()} and is copied in and out.
 */
public final class OperatorKey {

    /** Shorter secrets are guessable offline from one captured handshake. */
    public static final int MIN_SECRET_BYTES = 16;

    private final String identity;
    private final byte[] secret;

    public OperatorKey(String identity, byte[] secret) {
        if (identity.isBlank() || identity.length() > 128) {
            throw new IllegalArgumentException("operator key identity must be 1 to 128 characters, was \""
                    + identity + "\"");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("operator key '" + identity + "': the secret must be at least "
                    + MIN_SECRET_BYTES + " bytes, was " + secret.length);
        }
        this.identity = identity;
        this.secret = secret.clone();
    }

    /** The secret as UTF-8 text, the way it is typed into the config file and a phone app. */
    public static OperatorKey ofText(String identity, String secret) {
        return new OperatorKey(identity, secret.getBytes(StandardCharsets.UTF_8));
    }

    public String identity() {
        return identity;
    }

    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperatorKey k && k.identity.equals(identity) && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }

    @Override
    public String toString() {
        return "OperatorKey[" + identity + "]";
    }
}
