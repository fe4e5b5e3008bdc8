package io.edgetally.registry.config;

/**
 * A registry config file says something the registry cannot run with. The message names the file, the line, the
 * key path and what was expected; the registry never starts half-configured.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
