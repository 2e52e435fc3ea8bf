package com.manage2soar.aliassync.model;

import java.util.List;

/** A club hosted on this mail server: its prefix (used in file names) and its mail domains. */
public record Club(String prefix, List<String> domains) {
    public static final int MAX_PREFIX_LENGTH = 64;

    public Club {
        domains = List.copyOf(domains);
    }

    /**
     * Checks a prefix from the config. The old script took any string and named the club's Rspamd file
     * {@code <prefix>_whitelist.map} with it as written, so letters of either case are kept as they are. The
     * prefix names a file and labels a metric: letters, digits and {@code . _ + -} only, and no leading dot.
     */
    public static void checkPrefix(String prefix) {
        if (prefix.isEmpty() || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new InvalidValueException("prefix must be 1 to " + MAX_PREFIX_LENGTH + " characters");
        }
        if (prefix.startsWith(".")) {
            throw new InvalidValueException("prefix must not start with '.': it begins a file name");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".+_-".indexOf(c) >= 0)) {
                throw new InvalidValueException("character " + Domains.describe(c)
                        + " not allowed in a prefix (letters, digits, . _ + -): it names a file");
            }
        }
    }

    @Override
    public String toString() {
        return prefix;
    }
}
