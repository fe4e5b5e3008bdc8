package io.edgetally.registry.store;

/** The registry's database refused or failed an operation; the message says which and why. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
