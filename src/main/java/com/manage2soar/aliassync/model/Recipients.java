package com.manage2soar.aliassync.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The canonical spelling of an alias's recipients, shared by what we render and what we read back:
 * sorted ignoring the case of A-Z (and only of those), de-duplicated the same way, joined by ','.
 */
public final class Recipients {
    /** The order of canonical values: A-Z folded, every other character as it is (see {@link CaseFold}). */
    public static final Comparator<String> ORDER = (a, b) -> compareIgnoreCase(a, 0, a.length(), b, 0, b.length());

    private Recipients() {}

    /** Addresses already in canonical order (an {@link EmailAddress} set sorts that way). */
    public static String join(SortedSet<EmailAddress> recipients) {
        int length = 2 * recipients.size(); // an '@' and a ',' each
        for (EmailAddress address : recipients) {
            length += address.local().length() + address.domain().length();
        }
        StringBuilder joined = new StringBuilder(length);
        for (EmailAddress address : recipients) {
            if (!joined.isEmpty()) {
                joined.append(',');
            }
            joined.append(address.local()).append('@').append(address.domain());
        }
        return joined.toString();
    }

    /**
     * Canonical form of a value as Postfix reads it: recipients separated by commas and/or whitespace.
     * A value we wrote ourselves is already canonical and is returned as is, without allocating.
     */
    public static String canonical(String value) {
        if (isCanonical(value)) {
            return value;
        }
        TreeSet<String> sorted = new TreeSet<>(ORDER);
        sorted.addAll(split(value));
        return String.join(",", sorted);
    }

    public static List<String> split(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Arrays.asList(value.split("[,\\s]+")));
        out.removeIf(String::isEmpty);
        return out;
    }

    /** How many recipients a canonical value holds. */
    public static int count(String canonical) {
        if (canonical.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (int i = canonical.indexOf(','); i >= 0; i = canonical.indexOf(',', i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The recipients only {@code after} has go to {@code added}, those only {@code before} has to {@code removed}
     * (both values canonical, told apart as {@link #ORDER} does): one pass over each, as they are sorted alike, and
     * nothing taken out of the recipients both have. A change of every list asks this of every alias.
     */
    public static void difference(String before, String after, List<String> added, List<String> removed) {
        for (int i = 0, j = 0; i < before.length() || j < after.length(); ) {
            int iEnd = end(before, i);
            int jEnd = end(after, j);
            int order = i >= before.length() ? 1 : j >= after.length() ? -1
                    : iEnd - i == jEnd - j && before.regionMatches(i, after, j, iEnd - i) ? 0 // spelt alike: as bytes
                    : compareIgnoreCase(before, i, iEnd, after, j, jEnd);
            if (order < 0) {
                removed.add(before.substring(i, iEnd));
            } else if (order > 0) {
                added.add(after.substring(j, jEnd));
            }
            i = order <= 0 ? iEnd + 1 : i;
            j = order >= 0 ? jEnd + 1 : j;
        }
    }

    /** Where the recipient of a canonical value that starts at {@code start} ends. */
    private static int end(String canonical, int start) {
        int comma = start >= canonical.length() ? -1 : canonical.indexOf(',', start);
        return comma < 0 ? canonical.length() : comma;
    }

    /** No whitespace, no empty element, each element strictly after the previous one. */
    static boolean isCanonical(String value) {
        if (value.isEmpty()) {
            return true;
        }
        int start = 0;
        int previous = -1;
        int previousEnd = -1;
        for (int i = 0; i <= value.length(); i++) {
            if (i < value.length()) {
                char c = value.charAt(i);
                if (c > ' ' && c < 0x7f && c != ',') {
                    continue; // printable ASCII, no separator: the characters of every address we write
                }
                if (c != ',') {
                    if (Character.isWhitespace(c)) {
                        return false;
                    }
                    continue;
                }
            }
            if (i == start) {
                return false; // empty element
            }
            if (previous >= 0 && compareIgnoreCase(value, previous, previousEnd, value, start, i) >= 0) {
                return false;
            }
            previous = start;
            previousEnd = i;
            start = i + 1;
        }
        return true;
    }

    /** {@link #ORDER} on a region of {@code s} and one of {@code t}. */
    private static int compareIgnoreCase(String s, int aStart, int aEnd, String t, int bStart, int bEnd) {
        int n = Math.min(aEnd - aStart, bEnd - bStart);
        for (int k = 0; k < n; k++) {
            int order = CaseFold.compare(s.charAt(aStart + k), t.charAt(bStart + k));
            if (order != 0) {
                return order;
            }
        }
        return (aEnd - aStart) - (bEnd - bStart);
    }
}
