package com.manage2soar.aliassync.model;

/**
 * A map of alias values that knows each value's length and number of recipients without reading the value: reading
 * one may cost inflating it (see render.DeflatedValues), and the plan, the report and the size of a file to compare
 * ask this of every alias.
 */
public interface AliasValues {
    /** As {@code get(key).length()}. */
    int length(String key);

    /** As {@code Recipients.count(get(key))}. */
    int recipients(String key);
}
