package com.manage2soar.aliassync.model;

/**
 * Case folding of ASCII letters only. Unicode folding turns some non-ASCII characters into ASCII ones
 * (U+212A KELVIN SIGN into {@code k}, U+017F LONG S into {@code s} when upper-cased), so values are judged
 * character by character first and folded only with this.
 */
public final class Ascii {
    private Ascii() {}

    /** {@code value} with A-Z turned into a-z and every other character left as it is. */
    public static String lower(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = value.toCharArray();
                for (int j = i; j < out.length; j++) {
                    out[j] = lower(out[j]);
                }
                return new String(out);
            }
        }
        return value;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** Whether the two are equal once A-Z are folded, and only those. */
    public static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
