package io.edgetally.protocol.eta;

/** A payload that is not a valid ETA snapshot; the message names the source and what was expected. */
public final class EtaPayloadException extends IllegalArgumentException {

    public EtaPayloadException(String message) {
        super(message);
    }

    public EtaPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
