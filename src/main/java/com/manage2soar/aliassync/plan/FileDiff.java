package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Ascii;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.Recipients;
import com.manage2soar.aliassync.render.MapText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Pure: one file's plan, from its current entries given one by one as the file is read, so that no current map is
 * held whole. The wanted keys are sorted in the order the file is written: an entry of a file this job wrote is
 * found where the last one left off, any other by binary search. What the plan keeps of an entry is its change,
 * and of a changed alias only the recipients it gains and loses.
 *
 * <p>Only what Postfix tells apart is a change: keys are folded already, and an alias whose recipients differ only
 * in the case of their letters (a domain spelt {@code Example.NET}, one member in two spellings) resolves to the
 * same recipients (see {@link EmailAddress#compareTo}), so it is no change and writes nothing.
 */
final class FileDiff implements MapParser.Sink {
    private final MapFile file;
    private final MapEntries wanted;
    private final Predicate<String> kept;
    /** The wanted keys in file order, sorted at the first entry: a file that spells them exactly gives none. */
    private String[] keys;
    private BitSet seen;
    /** Entries on disk whose value stays: of a club that was not fetched, or was refused. */
    private final Map<String, String> keptEntries = new HashMap<>();
    private final Map<String, String> removed = new HashMap<>();
    private final List<KeyChange> changes = new ArrayList<>();
    private int next;

    /** {@code kept}: the keys on disk whose current value stays, whatever {@code wanted} says. */
    FileDiff(MapFile file, MapEntries wanted, Predicate<String> kept) {
        this.file = file;
        this.wanted = wanted;
        this.kept = kept;
    }

    @Override
    public boolean add(String key, String value) {
        int at = indexOf(key);
        if (at >= 0 ? seen.get(at) : keptEntries.containsKey(key) || removed.containsKey(key)) {
            // The first stays, as postmap keeps it. A first that changes is compared with the value it changes to
            // (its old value is not kept): the file is rewritten without the duplicate anyway.
            String first = keptEntries.containsKey(key) ? keptEntries.get(key)
                    : at >= 0 ? wanted.byKey().get(keys[at]) : removed.get(key);
            return same(first, value);
        }
        if (at >= 0) {
            seen.set(at);
        }
        if (kept.test(key)) {
            keptEntries.put(key, value);
        } else if (at < 0) {
            removed.put(key, value);
            changes.add(new KeyChange.Removed(key, value));
        } else {
            String now = wanted.byKey().get(keys[at]);
            if (!same(value, now)) {
                changes.add(file.format() == MapFormat.POSTFIX_ALIASES
                        ? new KeyChange.AliasChanged(keys[at], RecipientDiff.of(value, now), Recipients.count(value))
                        : new KeyChange.Changed(keys[at], value, now));
            }
        }
        return true;
    }

    /** The file's plan, once its entries are read ({@code found}: what reading found beside them). */
    FileChange finish(MapReader.Found found) {
        if (found.asDesired()) {
            return new FileChange(file, wanted, List.of(), false, !found.indexed(), false);
        }
        sortKeys();
        for (int at = seen.nextClearBit(0); at < keys.length; at = seen.nextClearBit(at + 1)) {
            changes.add(new KeyChange.Added(keys[at]));
        }
        changes.sort(Comparator.comparing(KeyChange::key));
        MapEntries want = keptEntries.isEmpty() ? wanted : new MapEntries(new Overlay(wanted.byKey(), keptEntries));
        return new FileChange(file, want, changes, !found.exists(), found.exists() && !found.indexed(), found.damaged());
    }

    private void sortKeys() {
        if (keys == null) {
            keys = MapText.sortedKeys(file, wanted);
            seen = new BitSet(keys.length);
        }
    }

    private int indexOf(String key) {
        sortKeys();
        if (next < keys.length && keys[next].equals(key)) {
            return next++;
        }
        int at = Arrays.binarySearch(keys, key, MapText.order(file));
        if (at >= 0) {
            next = at + 1;
        }
        return at;
    }

    private boolean same(String old, String now) {
        return old.equals(now) || file.format() == MapFormat.POSTFIX_ALIASES && Ascii.equalsIgnoreCase(old, now);
    }
}
