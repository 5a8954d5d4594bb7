package io.nightjar.api.config;

/** The configuration is invalid; the message names the file, the field and the problem. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
