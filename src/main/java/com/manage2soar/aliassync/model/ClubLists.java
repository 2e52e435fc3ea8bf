package com.manage2soar.aliassync.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A club's validated lists: every name and address here may be written to a map. A list may be
 * empty (the API named it but gave no usable member); renderers skip it, the safety check notices it.
 */
public record ClubLists(
        SortedMap<ListName, SortedSet<EmailAddress>> lists,
        SortedSet<EmailAddress> whitelist,
        SortedSet<ListName> bypassLists) {

    public ClubLists {
        lists = Collections.unmodifiableSortedMap(lists);
        whitelist = Collections.unmodifiableSortedSet(whitelist);
        bypassLists = Collections.unmodifiableSortedSet(bypassLists);
    }

    /** Validates what the API sent; each value that fails is reported to {@code dropped} and left out. */
    public static ClubLists validate(String club, ApiLists raw, Consumer<DroppedEntry> dropped) {
        SortedMap<ListName, SortedSet<EmailAddress>> lists = new TreeMap<>();
        // A member is on several lists and the whitelist: parsed once, held once.
        Map<String, EmailAddress> parsed = new HashMap<>();
        for (Map.Entry<String, List<String>> list : raw.lists().entrySet()) {
            ListName name;
            try {
                name = new ListName(list.getKey());
            } catch (InvalidValueException e) {
                dropped.accept(new DroppedEntry(club, "list name", list.getKey(), e.getMessage()));
                continue;
            }
            lists.put(name, addresses(club, "list " + name, list.getValue(), parsed, dropped));
        }
        SortedSet<EmailAddress> whitelist = addresses(club, "whitelist", raw.whitelist(), parsed, dropped);
        SortedSet<ListName> bypass = new TreeSet<>();
        for (String value : raw.bypassLists()) {
            try {
                bypass.add(new ListName(value));
            } catch (InvalidValueException e) {
                dropped.accept(new DroppedEntry(club, "bypass_lists", value, e.getMessage()));
            }
        }
        return new ClubLists(lists, whitelist, bypass);
    }

    private static SortedSet<EmailAddress> addresses(String club, String where, List<String> values,
            Map<String, EmailAddress> parsed, Consumer<DroppedEntry> dropped) {
        SortedSet<EmailAddress> out = new TreeSet<>();
        for (String value : values) {
            try {
                out.add(parsed.computeIfAbsent(value, EmailAddress::parse)); // a value that throws is not kept
            } catch (InvalidValueException e) {
                dropped.accept(new DroppedEntry(club, where, value, e.getMessage()));
            }
        }
        return out;
    }

    public boolean isBypass(ListName list) {
        return bypassLists.contains(list);
    }
}
