package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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

    /** {@code file} could not be written; says why in words, since an IOException's message may be just the path. */
    public static ApplyException cannotWrite(Path file, IOException e, String outcome) {
        String why = switch (e) {
            case NoSuchFileException n -> "directory " + file.getParent() + " does not exist";
            case AccessDeniedException a -> "permission denied (read-only file system, or not running as root?)";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> String.valueOf(e.getMessage());
        };
        return new ApplyException(Kind.WRITE, "cannot write " + file + ": " + why + "; " + outcome, e);
    }
}
