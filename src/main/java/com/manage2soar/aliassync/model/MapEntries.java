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
        byKey = Collections.unmodifiableMap(byKey);
    }

    public int size() {
        return byKey.size();
    }
}
