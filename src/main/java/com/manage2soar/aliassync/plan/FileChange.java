package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import java.util.List;

/**
 * The plan for one file: what it should hold, how that differs from what it holds, and whether it
 * must be written even without a difference (the file or its Postfix index is missing, or the file
 * holds entries that could not be read).
 */
public record FileChange(MapFile file, MapEntries desired, List<KeyChange> changes, boolean missing,
        boolean indexMissing, boolean damaged) {
    public FileChange {
        changes = List.copyOf(changes);
    }

    public FileChange(MapFile file, MapEntries desired, List<KeyChange> changes, boolean missing, boolean indexMissing) {
        this(file, desired, changes, missing, indexMissing, false);
    }

    public boolean needsWrite() {
        return !changes.isEmpty() || missing || indexMissing || damaged;
    }
}
