package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Recipients;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipients a changed alias gains and loses, telling recipients apart exactly as the plan does
 * (A-Z folded, nothing else): so a key the plan shows as changed always gains or loses one.
 */
public record RecipientDiff(List<String> added, List<String> removed) {
    public RecipientDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** Between two canonical values (see {@link Recipients#canonical}), as the plan has them. */
    public static RecipientDiff of(String before, String after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Recipients.difference(before, after, added, removed);
        return new RecipientDiff(added, removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }
}
