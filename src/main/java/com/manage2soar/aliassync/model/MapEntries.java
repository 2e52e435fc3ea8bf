package com.manage2soar.aliassync.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The content of a map as key → value, with values in canonical form (for aliases: recipients
 * sorted, de-duplicated, joined by ','), so that two maps are equal exactly when Postfix would
 * resolve every key the same way, whatever their layout, comments or order.
 */
public record MapEntries(Map<String, String> byKey) {
    public static final MapEntries EMPTY = new MapEntries(Map.of());

    public MapEntries {
        byKey = Collections.unmodifiableMap(byKey);
    }

    public static MapEntries copyOf(Map<String, String> entries) {
        return new MapEntries(new HashMap<>(entries));
    }

    public int size() {
        return byKey.size();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }
}
