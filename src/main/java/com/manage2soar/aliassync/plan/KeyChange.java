package com.manage2soar.aliassync.plan;

/** How one key of a map changes. Values are canonical (see {@code MapEntries}). */
public sealed interface KeyChange {
    String key();

    /** A key the file gains: its value is the desired map's (held there once, perhaps deflated). */
    record Added(String key) implements KeyChange {}

    record Removed(String key, String value) implements KeyChange {}

    /** A value that is not a list of recipients changes (in an access map, say). */
    record Changed(String key, String oldValue, String newValue) implements KeyChange {}

    /**
     * An alias whose recipients change: the recipients it gains and loses, and how many it had, rather than its
     * values, which a change of every list would hold for every alias of every club.
     */
    record AliasChanged(String key, RecipientDiff recipients, int recipientsBefore)
            implements KeyChange {}
}
