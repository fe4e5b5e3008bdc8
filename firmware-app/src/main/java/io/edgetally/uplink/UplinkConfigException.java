package io.edgetally.uplink;

/** A bad uplink setting or secret file; the message names the key or file and what was expected. */
public final class UplinkConfigException extends RuntimeException {
    public UplinkConfigException(String message) {
        super(message);
    }

    public UplinkConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
