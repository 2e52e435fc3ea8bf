package com.manage2soar.aliassync.render;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Keys in sorted order, each with the same value: a sender map, a key per member. Unmodifiable; it iterates in
 * order, which is the order its file is written in (so sorting its keys again is one pass), and finds a key by
 * binary search. Made by one sort, in an array: a LinkedHashMap of the same keys takes five times the memory, and
 * at 5000 clubs the sender maps hold five million keys.
 */
final class SortedKeys extends AbstractMap<String, String> {
    private final String[] keys;
    private final String value;

    private SortedKeys(String[] keys, String value) {
        this.keys = keys;
        this.value = value;
    }

    /** {@code keys}, sorted and each once, with {@code value}. */
    static SortedKeys of(Collection<String> keys, String value) {
        String[] sorted = keys.toArray(new String[0]);
        Arrays.sort(sorted);
        int distinct = 0;
        for (String key : sorted) {
            if (distinct == 0 || !sorted[distinct - 1].equals(key)) {
                sorted[distinct++] = key;
            }
        }
        return new SortedKeys(distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct), value);
    }

    /** The same keys, each with {@code other}. */
    SortedKeys withValue(String other) {
        return new SortedKeys(keys, other);
    }

    @Override
    public String get(Object key) {
        return containsKey(key) ? value : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String text && Arrays.binarySearch(keys, text) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Arrays.asList(keys).iterator(); // its remove() throws
            }

            @Override
            public boolean contains(Object key) {
                return containsKey(key);
            }

            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Object[] toArray() {
                return keys.clone();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T[] toArray(T[] into) {
                return (T[]) Arrays.copyOf(keys, keys.length, into.getClass());
            }
        };
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                Iterator<String> each = keySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return each.hasNext();
                    }

                    @Override
                    public Entry<String, String> next() {
                        return Map.entry(each.next(), value);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
