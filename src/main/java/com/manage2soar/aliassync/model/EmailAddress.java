package com.manage2soar.aliassync.model;

/**
 * A validated mail address, safe to write into a Postfix table or an Rspamd map: it can hold no
 * whitespace, no table syntax ({@code , # " \ < > ( ) [ ] ; :}) and nothing outside printable ASCII.
 * The domain is lower-cased; the local part is kept as given.
 */
public record EmailAddress(String local, String domain) implements Comparable<EmailAddress> {

    public static final int MAX_LENGTH = 254;
    private static final String FORBIDDEN = ",#\"\\<>()[];:";

    public EmailAddress {
        checkLocalPart(local);
        domain = Domains.parse(domain);
        if (local.length() + 1 + domain.length() > MAX_LENGTH) {
            throw new InvalidValueException("longer than " + MAX_LENGTH + " characters");
        }
    }

    /**
     * Parses {@code local@domain}, ignoring surrounding whitespace (as database exports carry);
     * throws {@link InvalidValueException} saying what is wrong.
     */
    public static EmailAddress parse(String value) {
        String raw = value.strip();
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidValueException("longer than " + MAX_LENGTH + " characters");
        }
        int at = raw.indexOf('@');
        if (at < 0 || at != raw.lastIndexOf('@')) {
            throw new InvalidValueException("must contain exactly one '@'");
        }
        return new EmailAddress(raw.substring(0, at), raw.substring(at + 1));
    }

    private static void checkLocalPart(String local) {
        if (local.isEmpty()) {
            throw new InvalidValueException("empty local part");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new InvalidValueException("whitespace, control or non-ASCII character in local part");
            }
            if (FORBIDDEN.indexOf(c) >= 0 || c == '@') {
                throw new InvalidValueException("character '" + c + "' not allowed");
            }
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidValueException("local part has a leading, trailing or double dot");
        }
    }

    /** The key Postfix looks the address up by: {@code hash:} and friends fold keys to lower case. */
    public String lookupKey() {
        return Ascii.lower(toString());
    }

    @Override
    public String toString() {
        return local + "@" + domain;
    }

    /**
     * Orders as Postfix matches: addresses that differ only in case are one recipient. The order of
     * {@code toString().compareToIgnoreCase(other.toString())}, without building the two strings: sorting a
     * club's lists compares each address some ten times.
     */
    @Override
    public int compareTo(EmailAddress other) {
        int shared = Math.min(local.length(), other.local.length());
        for (int i = 0; i < shared; i++) {
            int order = CaseFold.compare(local.charAt(i), other.local.charAt(i));
            if (order != 0) {
                return order;
            }
        }
        if (local.length() == other.local.length()) {
            return domain.compareTo(other.domain); // both lower case already
        }
        // One local part starts the other: its '@' meets a character of the longer one, never an '@'.
        return local.length() < other.local.length()
                ? CaseFold.compare('@', other.local.charAt(shared))
                : CaseFold.compare(local.charAt(shared), '@');
    }
}
