package com.manage2soar.aliassync.plan;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A map of {@code over}'s entries and those of {@code base} that {@code over} does not hold, read through rather
 * than copied: a desired map may be large and hold its values deflated, and a copy would inflate them all.
 * Unmodifiable; it iterates {@code base}'s keys in its order, then {@code over}'s others.
 */
final class Overlay extends AbstractMap<String, String> {
    private final Map<String, String> base;
    private final Map<String, String> over;
    private final int size;

    Overlay(Map<String, String> base, Map<String, String> over) {
        this.base = base;
        this.over = over;
        this.size = base.size() + (int) over.keySet().stream().filter(key -> !base.containsKey(key)).count();
    }

    @Override
    public String get(Object key) {
        String value = over.get(key);
        return value != null ? value : base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return over.containsKey(key) || base.containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return keys().iterator();
            }

            @Override
            public boolean contains(Object key) {
                return containsKey(key);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return keys().map(key -> Map.entry(key, get(key))).iterator();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private Stream<String> keys() {
        return Stream.concat(base.keySet().stream(), over.keySet().stream().filter(key -> !base.containsKey(key)));
    }
}
