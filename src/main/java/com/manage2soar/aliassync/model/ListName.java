package com.manage2soar.aliassync.model;

/**
 * A mailing-list name as it appears in {@code name@domain}: lower-case letters, digits, {@code . _ + -},
 * starting with a letter or digit, at most 64 characters. M2S does not validate admin-defined names.
 */
public record ListName(String value) implements Comparable<ListName> {
    public static final int MAX_LENGTH = 64;

    public ListName {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidValueException("list name must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!alnum && (i == 0 || ".+_-".indexOf(c) < 0)) {
                throw new InvalidValueException(i == 0
                        ? "list name must start with a lower-case letter or digit"
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
