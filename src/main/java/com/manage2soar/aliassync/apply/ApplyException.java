package com.manage2soar.aliassync.apply;

/** Applying the plan failed; {@link #kind()} decides the exit code, the message says what to fix. */
public final class ApplyException extends Exception {
    public enum Kind {
        /** An output file or its directory cannot be written. */
        WRITE,
        /** postmap or the reload command failed or is missing. */
        COMMAND
    }

    private final Kind kind;

    public ApplyException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
