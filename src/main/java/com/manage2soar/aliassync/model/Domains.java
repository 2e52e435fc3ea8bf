package com.manage2soar.aliassync.model;

import java.util.Locale;

/** Validation of DNS domain names, shared by addresses and the config's club domains. */
public final class Domains {
    private Domains() {}

    /** Returns the domain lower-cased, or throws {@link InvalidValueException} saying what is wrong. */
    public static String parse(String raw) {
        String domain = raw.toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            throw new InvalidValueException("empty domain");
        }
        if (domain.length() > EmailAddress.MAX_LENGTH) {
            throw new InvalidValueException("domain too long");
        }
        if (domain.indexOf('.') < 0) {
            throw new InvalidValueException("domain '" + printable(domain) + "' has no dot");
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new InvalidValueException("domain '" + printable(domain) + "' has an empty or over-long label");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidValueException("domain label '" + printable(label) + "' starts or ends with '-'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    throw new InvalidValueException("character " + describe(c) + " not allowed in a domain");
                }
            }
        }
        return domain;
    }

    /** The domain part of an address-like key, or the whole key when it has no '@'. */
    public static String of(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** A value for a log line: control characters and non-ASCII shown as escapes, length capped. */
    public static String printable(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length() && out.length() < 80; i++) {
            char c = raw.charAt(i);
            out.append(c >= ' ' && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return raw.length() > 80 ? out + "…" : out.toString();
    }

    static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
