package io.edgetally.config;

/**
 * A configuration file says something we cannot run with. The message names the file, the line, the key path
 * and what was expected, so an installer can fix it without reading code. The service never starts half-configured.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
