package com.manage2soar.aliassync.plan;

import static com.manage2soar.aliassync.model.Domains.escape;

import com.manage2soar.aliassync.model.MapFile;
import java.io.PrintWriter;

/**
 * The plan as an admin reads it: grouped by file, then key, with {@code +}/{@code -}/{@code ~}
 * markers, recipients added and removed under each changed alias, and a one-line summary.
 */
public final class PlanText {
    private PlanText() {}

    /** The plan; {@code reloads} says whether a reload command is configured. */
    public static void print(Plan plan, boolean reloads, PrintWriter out) {
        for (FileChange file : plan.files()) {
            if (!file.needsWrite()) {
                continue;
            }
            out.println(file.file() + ": " + fileSummary(file));
            for (KeyChange change : file.changes()) {
                // A current file may hold anything (the old script did not validate every value): shown escaped.
                switch (change) {
                    case KeyChange.Added a ->
                            out.println("  + " + escape(a.key()) + value(file.desired().byKey().get(a.key())));
                    case KeyChange.Removed r -> out.println("  - " + escape(r.key()) + value(r.value()));
                    case KeyChange.AliasChanged c -> {
                        out.println("  ~ " + escape(c.key()));
                        c.recipients().added().forEach(r -> out.println("      + " + escape(r)));
                        c.recipients().removed().forEach(r -> out.println("      - " + escape(r)));
                    }
                    case KeyChange.Changed c -> out.println("  ~ " + escape(c.key()) + ": " + escape(c.oldValue())
                            + " -> " + escape(c.newValue()));
                }
            }
        }
        for (MapFile removed : plan.removals()) {
            out.println(removed + ": remove (written for a club that is no longer in the config)");
        }
        for (Refusal refusal : plan.refusals()) {
            out.println("REFUSED: " + refusal.reason());
        }
        out.println(summary(plan, reloads));
        out.flush();
    }

    /** One line: what the plan does in numbers; {@code reloads} says whether a reload command is configured. */
    public static String summary(Plan plan, boolean reloads) {
        int files = 0;
        int added = 0;
        int removed = 0;
        int changed = 0;
        for (FileChange file : plan.files()) {
            if (file.needsWrite()) {
                files++;
            }
            for (KeyChange change : file.changes()) {
                switch (change) {
                    case KeyChange.Added a -> added++;
                    case KeyChange.Removed r -> removed++;
                    case KeyChange.Changed c -> changed++;
                    case KeyChange.AliasChanged c -> changed++;
                }
            }
        }
        if (files == 0 && plan.removals().isEmpty()) {
            return "Plan: no changes; " + plan.files().size() + " files in sync.";
        }
        return "Plan: " + files + " of " + plan.files().size() + " files to write; keys: " + added + " added, "
                + removed + " removed, " + changed + " changed; "
                + (plan.removals().isEmpty() ? "" : plan.removals().size() + " file(s) to remove; ")
                + (plan.needsReload() && reloads ? "Postfix reload." : "no Postfix reload.")
                + (plan.refused() ? " REFUSED by " + plan.refusals().size() + " safety check(s)." : "");
    }

    static String fileSummary(FileChange file) {
        if (file.changes().isEmpty()) {
            return file.missing() ? "missing, will be created"
                    : file.damaged() ? "holds entries that cannot be read, will be rewritten" : "index missing, will be rebuilt";
        }
        return file.changes().size() + " key(s) change" + (file.missing() ? " (new file)" : "");
    }

    private static String value(String value) {
        return value.isEmpty() ? "" : "  " + escape(value);
    }
}
