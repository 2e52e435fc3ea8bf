package com.manage2soar.aliassync.model;

/**
 * Orders characters ignoring the case of A-Z, and of nothing else: as {@link String#CASE_INSENSITIVE_ORDER} for
 * ASCII, which every validated address is. Beyond ASCII it compares characters as they are, so that no character
 * of a map file matches an ASCII one that Unicode would fold it into (U+212A KELVIN SIGN is no 'k').
 */
final class CaseFold {
    private CaseFold() {}

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}, ignoring case. */
    static int compare(char a, char b) {
        return a == b ? 0 : Ascii.lower(a) - Ascii.lower(b);
    }
}
