package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Recipients;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recipients a changed alias gains and loses, telling recipients apart exactly as {@link Planner#diff} does
 * (A-Z folded, nothing else): so a key the plan shows as changed always gains or loses one.
 */
public record RecipientDiff(List<String> added, List<String> removed) {
    public static RecipientDiff of(KeyChange.Changed change) {
        Set<String> before = new TreeSet<>(Recipients.ORDER);
        before.addAll(Recipients.split(change.oldValue()));
        Set<String> after = new TreeSet<>(Recipients.ORDER);
        after.addAll(Recipients.split(change.newValue()));
        return new RecipientDiff(
                after.stream().filter(r -> !before.contains(r)).toList(),
                before.stream().filter(r -> !after.contains(r)).toList());
    }
}
