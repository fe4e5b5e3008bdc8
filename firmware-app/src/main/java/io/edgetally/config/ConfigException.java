package io.edgetally.config;

import java.util.OptionalInt;

/**
 * A configuration file says something we cannot run with. The message names the file, the line, the key path
 * and what was expected, so an installer can fix it without reading code. The service never starts half-configured.
 */
public class ConfigException extends RuntimeException {

    private final int line;

    public ConfigException(String message) {
        this(message, 0);
    }

    public ConfigException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    /** @param line the 1-based line the message names, 0 for none */
    public ConfigException(String message, int line) {
        super(message);
        this.line = line;
    }

    public ConfigException(String message, int line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** The line the message names, when it names one. */
    public OptionalInt lineNumber() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
