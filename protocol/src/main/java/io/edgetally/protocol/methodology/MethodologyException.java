package io.edgetally.protocol.methodology;

/** An unknown methodology or grid factor, a bad site value, or a malformed factor table; the message says which. */
public final class MethodologyException extends RuntimeException {
    public MethodologyException(String message) {
        super(message);
    }

    public MethodologyException(String message, Throwable cause) {
        super(message, cause);
    }
}
