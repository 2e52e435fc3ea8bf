package com.manage2soar.aliassync.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** The canonical spelling of an alias's recipients, shared by what we render and what we read back. */
public final class Recipients {
    private Recipients() {}

    /** Recipients sorted case-insensitively, de-duplicated the same way, joined by ','. */
    public static String join(Iterable<?> recipients) {
        TreeSet<String> sorted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Object recipient : recipients) {
            sorted.add(recipient.toString());
        }
        return String.join(",", sorted);
    }

    /** Canonical form of a value as Postfix reads it: recipients separated by commas and/or whitespace. */
    public static String canonical(String value) {
        return join(split(value));
    }

    public static List<String> split(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Arrays.asList(value.split("[,\\s]+")));
        out.removeIf(String::isEmpty);
        return out;
    }
}
