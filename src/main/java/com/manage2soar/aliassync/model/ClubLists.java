package com.manage2soar.aliassync.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
 * {@code droppedLists} counts the lists the API sent that reach nobody (a name that cannot be an address,
 * or one that is a bounce alias of another list); {@code merges} the names that differ only in case.
 */
public record ClubLists(
        SortedMap<ListName, SortedSet<EmailAddress>> lists,
        SortedSet<EmailAddress> whitelist,
        SortedSet<ListName> bypassLists,
        int droppedLists,
        List<MergedList> merges) {

    private static final String BOUNCES = "-bounces";

    public ClubLists {
        lists = Collections.unmodifiableSortedMap(lists);
        whitelist = Collections.unmodifiableSortedSet(whitelist);
        bypassLists = Collections.unmodifiableSortedSet(bypassLists);
        merges = List.copyOf(merges);
    }

    /** Validates what the API sent, for a config without admin_email (no bounce aliases). */
    public static ClubLists validate(String club, ApiLists raw, Consumer<DroppedEntry> dropped) {
        return validate(club, raw, false, dropped);
    }

    /**
     * Validates what the API sent; each value that fails is reported to {@code dropped} and left out.
     * {@code bounceAliases}: the job adds {@code NAME-bounces@} for every list (admin_email is set).
     */
    public static ClubLists validate(String club, ApiLists raw, boolean bounceAliases, Consumer<DroppedEntry> dropped) {
        // A member is on several lists and the whitelist: parsed once, held once. Each list is sorted once, when
        // all its spellings' members are in (the first of two spellings of an address is kept), by the members' ranks.
        Map<String, EmailAddress> parsed = new HashMap<>();
        Map<ListName, List<String>> spellings = new TreeMap<>();
        Map<ListName, List<EmailAddress>> members = new TreeMap<>();
        int droppedLists = 0;
        // In name order: the API's map has none, and a merge's warning must read the same every run.
        for (String rawName : new TreeSet<>(raw.lists().keySet())) {
            ListName name;
            try {
                name = ListName.fold(rawName);
            } catch (InvalidValueException e) {
                dropped.accept(new DroppedEntry(club, "list name", rawName, e.getMessage()));
                droppedLists++;
                continue;
            }
            spellings.computeIfAbsent(name, n -> new ArrayList<>()).add(rawName);
            List<EmailAddress> list = members.computeIfAbsent(name, n -> new ArrayList<>());
            addresses(club, "list " + rawName, raw.lists().get(rawName), parsed, dropped, list);
        }
        List<EmailAddress> whitelist = new ArrayList<>();
        addresses(club, "whitelist", raw.whitelist(), parsed, dropped, whitelist);
        var sorted = SortedArraySet.ranked(parsed.values());
        SortedMap<ListName, SortedSet<EmailAddress>> lists = new TreeMap<>();
        members.forEach((name, list) -> lists.put(name, sorted.apply(list)));
        if (bounceAliases) {
            droppedLists += dropBounceCollisions(club, lists, dropped);
        }
        List<MergedList> merges = new ArrayList<>();
        spellings.forEach((name, names) -> {
            if (names.size() > 1 && lists.containsKey(name)) {
                merges.add(new MergedList(club, name, names));
            }
        });
        return new ClubLists(lists, sorted.apply(whitelist), bypassLists(club, raw.bypassLists(), dropped), droppedLists, merges);
    }

    /**
     * Drops each list named like the bounce alias the job generates for another list with members: that
     * alias wins. Shorter names first, so {@code a-bounces-bounces} is judged after {@code a-bounces}.
     */
    private static int dropBounceCollisions(String club, SortedMap<ListName, SortedSet<EmailAddress>> lists,
            Consumer<DroppedEntry> dropped) {
        List<ListName> names = new ArrayList<>(lists.keySet());
        names.sort(Comparator.comparingInt((ListName n) -> n.value().length()).thenComparing(Comparator.naturalOrder()));
        int count = 0;
        for (ListName name : names) {
            if (!name.value().endsWith(BOUNCES)) {
                continue;
            }
            String base = name.value().substring(0, name.value().length() - BOUNCES.length());
            SortedSet<EmailAddress> baseMembers = membersOf(lists, base);
            if (baseMembers != null && !baseMembers.isEmpty()) {
                lists.remove(name);
                dropped.accept(new DroppedEntry(club, "list name", name.value(), "is the bounce alias of list " + base
                        + " (admin_email is set), which the job generates: that alias wins"));
                count++;
            }
        }
        return count;
    }

    private static SortedSet<EmailAddress> membersOf(SortedMap<ListName, SortedSet<EmailAddress>> lists, String name) {
        try {
            return lists.get(new ListName(name));
        } catch (InvalidValueException e) {
            return null; // "a.-bounces" is a name, "a." is none
        }
    }

    private static SortedSet<ListName> bypassLists(String club, List<String> values, Consumer<DroppedEntry> dropped) {
        SortedSet<ListName> bypass = new TreeSet<>();
        for (String value : values) {
            try {
                bypass.add(ListName.fold(value));
            } catch (InvalidValueException e) {
                dropped.accept(new DroppedEntry(club, "bypass_lists", value, e.getMessage()));
            }
        }
        return bypass;
    }

    /** Adds the valid {@code values} to {@code out}; a member on several lists and the whitelist is parsed once. */
    private static void addresses(String club, String where, List<String> values, Map<String, EmailAddress> parsed,
            Consumer<DroppedEntry> dropped, List<EmailAddress> out) {
        for (String value : values) {
            try {
                out.add(parsed.computeIfAbsent(value, EmailAddress::parse)); // a value that throws is not kept
            } catch (InvalidValueException e) {
                dropped.accept(new DroppedEntry(club, where, value, e.getMessage()));
            }
        }
    }

    public boolean isBypass(ListName list) {
        return bypassLists.contains(list);
    }
}
