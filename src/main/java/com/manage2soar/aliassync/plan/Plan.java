package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.MapFile;
import java.util.List;

/**
 * Everything one run would do, decided before anything is written: per file, the entries that
 * change; the files of clubs no longer configured, to remove; the safety checks that refused a club or
 * the whole plan. Apply does nothing but carry it out.
 */
public record Plan(List<FileChange> files, List<Refusal> refusals, List<MapFile> removals) {
    public static final Plan EMPTY = new Plan(List.of(), List.of(), List.of());

    public Plan {
        files = List.copyOf(files);
        refusals = List.copyOf(refusals);
        removals = List.copyOf(removals);
    }

    public Plan(List<FileChange> files, List<Refusal> refusals) {
        this(files, refusals, List.of());
    }

    public List<FileChange> filesToWrite() {
        return files.stream().filter(FileChange::needsWrite).toList();
    }

    public boolean hasChanges() {
        return !removals.isEmpty() || files.stream().anyMatch(FileChange::needsWrite);
    }

    /** Postfix re-reads its maps on reload; Rspamd notices its files by itself. */
    public boolean needsReload() {
        return files.stream().anyMatch(f -> f.needsWrite() && f.file().format().isPostfix())
                || removals.stream().anyMatch(file -> file.format().isPostfix());
    }

    public boolean refused() {
        return !refusals.isEmpty();
    }

    /** A refusal of the whole plan (not of single clubs): unless forced, nothing is written. */
    public boolean blocked() {
        return refusals.stream().anyMatch(r -> r instanceof Refusal.OfPlan);
    }

    public List<Refusal.OfClub> refusedClubs() {
        return refusals.stream().<Refusal.OfClub>mapMulti((refusal, out) -> {
            if (refusal instanceof Refusal.OfClub club) {
                out.accept(club);
            }
        }).toList();
    }
}
