package com.manage2soar.aliassync.model;

import java.util.Collections;
import java.util.Map;

/**
 * The content of a map as key → value, with values in canonical form (for aliases: recipients
 * sorted, de-duplicated, joined by ','), so that two maps are equal exactly when Postfix would
 * resolve every key the same way, whatever their layout, comments or order.
 */
public record MapEntries(Map<String, String> byKey) {
    public static final MapEntries EMPTY = new MapEntries(Map.of());

    public MapEntries {
        // An AliasValues map is unmodifiable already, and wrapping it would hide what it knows.
        byKey = byKey instanceof AliasValues ? byKey : Collections.unmodifiableMap(byKey);
    }

    public int size() {
        return byKey.size();
    }

    /** The length of {@code key}'s value (a key it holds). */
    public int length(String key) {
        return byKey instanceof AliasValues values ? values.length(key) : byKey.get(key).length();
    }

    /** How many recipients {@code key}'s value (a canonical alias value) holds. */
    public int recipients(String key) {
        return byKey instanceof AliasValues values ? values.recipients(key) : Recipients.count(byKey.get(key));
    }
}
