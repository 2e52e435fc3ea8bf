package com.manage2soar.aliassync.model;

/**
 * A mailing-list name as it appears in {@code name@domain}: lower-case letters, digits, {@code . _ + -},
 * starting with a letter or digit, at most 64 characters. M2S does not validate admin-defined names.
 */
public record ListName(String value) implements Comparable<ListName> {
    public static final int MAX_LENGTH = 64;

    public ListName {
        check(value, false);
    }

    /**
     * The list name for a name as M2S spells it ({@code Board}): every character is judged first, so only ASCII
     * letters are folded (a Kelvin sign must not become a {@code k}); Postfix keys ignore case, so {@code Board@}
     * and {@code board@} are one address. Throws {@link InvalidValueException} saying what is wrong.
     */
    public static ListName fold(String raw) {
        check(raw, true);
        return new ListName(Ascii.lower(raw));
    }

    private static void check(String value, boolean anyCase) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidValueException("list name must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || anyCase && c >= 'A' && c <= 'Z';
            if (!alnum && (i == 0 || ".+_-".indexOf(c) < 0)) {
                throw new InvalidValueException(i == 0
                        ? "list name must start with a " + (anyCase ? "" : "lower-case ") + "letter or digit"
                        : "character " + Domains.describe(c) + " not allowed in a list name");
            }
        }
        if (value.endsWith(".") || value.contains("..")) {
            throw new InvalidValueException("list name has a trailing or double dot");
        }
    }

    /** The list's address in one of its club's domains. */
    public String at(String domain) {
        return value + "@" + domain;
    }

    @Override
    public int compareTo(ListName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
