package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Recipients;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipients a changed alias gains and loses, telling recipients apart exactly as {@link Planner#diff} does
 * (A-Z folded, nothing else): so a key the plan shows as changed always gains or loses one.
 */
public record RecipientDiff(List<String> added, List<String> removed) {
    /**
     * One pass over both values, as canonical values are sorted alike: a dry run of a large change prints this for
     * thousands of aliases of hundreds of recipients.
     */
    public static RecipientDiff of(KeyChange.Changed change) {
        List<String> before = Recipients.split(Recipients.canonical(change.oldValue()));
        List<String> after = Recipients.split(Recipients.canonical(change.newValue()));
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            int order = i == before.size() ? 1
                    : j == after.size() ? -1 : Recipients.ORDER.compare(before.get(i), after.get(j));
            if (order < 0) {
                removed.add(before.get(i++));
            } else if (order > 0) {
                added.add(after.get(j++));
            } else {
                i++;
                j++;
            }
        }
        return new RecipientDiff(added, removed);
    }
}
