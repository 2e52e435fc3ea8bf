package com.manage2soar.aliassync.model;

/**
 * {@link String#CASE_INSENSITIVE_ORDER}, one character at a time, with a shortcut for ASCII: every
 * validated address is ASCII, and the general Unicode folding was a fifth of a full-change run's time.
 */
final class CaseFold {
    private CaseFold() {}

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}, ignoring case. */
    static int compare(char a, char b) {
        if (a == b) {
            return 0;
        }
        if ((a | b) < 0x80) {
            return lower(a) - lower(b);
        }
        return Character.toLowerCase(Character.toUpperCase(a)) - Character.toLowerCase(Character.toUpperCase(b));
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
