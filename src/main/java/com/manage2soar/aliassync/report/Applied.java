package com.manage2soar.aliassync.report;

import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.plan.FileChange;
import java.util.List;
import java.util.Optional;

/**
 * What the apply stage did: the files it wrote and removed (none when {@code failure} is set: then the
 * previous maps stay) and how the reload went.
 */
public record Applied(List<FileChange> written, List<MapFile> removed, Reload reload,
        Optional<ApplyException.Kind> failure) {
    public static final Applied NOTHING = new Applied(List.of(), List.of(), Reload.NOT_RUN, Optional.empty());

    public enum Reload {
        /** Nothing asked for one, or no reload command is configured. */
        NOT_RUN,
        DONE,
        /** It failed: the next runs retry it until it succeeds. */
        FAILED
    }

    public Applied {
        written = List.copyOf(written);
        removed = List.copyOf(removed);
    }

    public int keysChanged() {
        return written.stream().mapToInt(file -> file.changes().size()).sum();
    }
}
