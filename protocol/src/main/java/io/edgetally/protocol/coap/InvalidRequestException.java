package io.edgetally.protocol.coap;

/** A request body that is not what the resource expects; the message is a short reason an operator can act on. */
public final class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
