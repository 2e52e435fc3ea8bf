package com.manage2soar.aliassync.model;

/** A value from the API or the config that must not reach a map file; the message says why. */
public final class InvalidValueException extends IllegalArgumentException {
    public InvalidValueException(String reason) {
        super(reason);
    }
}
