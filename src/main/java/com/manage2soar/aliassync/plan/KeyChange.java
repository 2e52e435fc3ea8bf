package com.manage2soar.aliassync.plan;

/** How one key of a map changes. Values are canonical (see {@code MapEntries}). */
public sealed interface KeyChange {
    String key();

    record Added(String key, String value) implements KeyChange {}

    record Removed(String key, String value) implements KeyChange {}

    record Changed(String key, String oldValue, String newValue) implements KeyChange {}
}
