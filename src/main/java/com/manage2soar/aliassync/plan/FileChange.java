package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The map as the plan found it: what it should hold, with the changes taken back. */
    public CurrentMap before() {
        Map<String, String> entries = new HashMap<>(desired.byKey());
        for (KeyChange change : changes) {
            change.before().ifPresentOrElse(value -> entries.put(change.key(), value), () -> entries.remove(change.key()));
        }
        return new CurrentMap(!missing, new MapEntries(entries), !missing && !indexMissing, damaged);
    }

    public boolean needsWrite() {
        return !changes.isEmpty() || missing || indexMissing || damaged;
    }
}
