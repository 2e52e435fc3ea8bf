package com.manage2soar.aliassync.config;

/** An API key. It prints as stars, so no log line, message or metric can carry it by accident. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The key itself: only for the {@code X-API-Key} header of its own club's API. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "********";
    }
}
