package com.manage2soar.aliassync.plan;

import java.util.List;

/**
 * Everything one run would do, decided before anything is written: per file, the entries that
 * change; the safety checks that refused it. Apply does nothing but carry it out.
 */
public record Plan(List<FileChange> files, List<Refusal> refusals) {
    public Plan {
        files = List.copyOf(files);
        refusals = List.copyOf(refusals);
    }

    public List<FileChange> filesToWrite() {
        return files.stream().filter(FileChange::needsWrite).toList();
    }

    public boolean hasChanges() {
        return files.stream().anyMatch(FileChange::needsWrite);
    }

    /** Postfix re-reads its maps on reload; Rspamd notices its files by itself. */
    public boolean needsReload() {
        return files.stream().anyMatch(f -> f.needsWrite() && f.file().format().isPostfix());
    }

    public boolean refused() {
        return !refusals.isEmpty();
    }
}
