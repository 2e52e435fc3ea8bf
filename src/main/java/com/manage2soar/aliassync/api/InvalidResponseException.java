package com.manage2soar.aliassync.api;

/** The API answered, but with something that cannot be used; the message says what and where. */
public final class InvalidResponseException extends Exception {
    public InvalidResponseException(String message) {
        super(message);
    }
}
