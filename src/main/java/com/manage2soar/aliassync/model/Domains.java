package com.manage2soar.aliassync.model;

import java.util.Locale;

/** Validation of DNS domain names, shared by addresses and the config's club domains. */
public final class Domains {
    private Domains() {}

    /**
     * Returns the domain lower-cased, or throws {@link InvalidValueException} saying what is wrong. Every
     * character is judged before folding, and only A-Z are folded (see {@link Ascii}).
     */
    public static String parse(String raw) {
        if (raw.isEmpty()) {
            throw new InvalidValueException("empty domain");
        }
        if (raw.length() > EmailAddress.MAX_LENGTH) {
            throw new InvalidValueException("domain too long");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                throw new InvalidValueException("character " + describe(c) + " not allowed in a domain");
            }
        }
        String domain = Ascii.lower(raw);
        if (domain.indexOf('.') < 0) {
            throw new InvalidValueException("domain '" + domain + "' has no dot");
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new InvalidValueException("domain '" + printable(domain) + "' has an empty or over-long label");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidValueException("domain label '" + label + "' starts or ends with '-'");
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
        String shown = escape(raw.length() > 80 ? raw.substring(0, 80) : raw);
        return raw.length() > 80 ? shown + "…" : shown;
    }

    /** {@code raw} with control characters and non-ASCII shown as {@code \\uXXXX}, so a line shows what it holds. */
    public static String escape(String raw) {
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean plain = c >= ' ' && c < 0x7f;
            if (!plain && out == null) {
                out = new StringBuilder(raw.length() + 8).append(raw, 0, i);
            }
            if (out != null) {
                out.append(plain ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? raw : out.toString();
    }

    static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
