package io.edgetally.protocol.json;

/** Malformed JSON or a JSON document of the wrong shape; the message says where and what was expected. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
