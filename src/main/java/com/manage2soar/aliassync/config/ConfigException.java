package com.manage2soar.aliassync.config;

/** The config cannot be used; the message names the file, the key and what is wrong. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
