package io.edgetally.uplink.tls;

/** Certificates or keys that cannot be used; the message names the file. */
public final class TlsSetupException extends RuntimeException {
    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
