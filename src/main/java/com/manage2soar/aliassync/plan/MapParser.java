package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Ascii;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.Recipients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a map file as Postfix's {@code postmap} (or Rspamd) does: '#' comment lines and blank
 * lines are ignored, a line starting with whitespace continues the previous entry, the key ends at
 * the first whitespace. Keys are folded to lower case, as Postfix's {@code hash:} lookups and Rspamd's hash
 * maps (see {@code Renderer}) do; A-Z only, as both fold ASCII and a written key is ASCII.
 *
 * <p>A map is the job's own output, so what it cannot have written is damage, not data: an entry with
 * bytes that were not UTF-8 (decoded as U+FFFD), a NUL, or longer than {@link #MAX_ENTRY} characters is
 * reported and left out, and the map counts as damaged, so that it is rewritten instead of locking the job out.
 */
public final class MapParser {
    /** Far beyond any list: the longest entry a run writes is one list with its members. */
    public static final int MAX_ENTRY = 1 << 22;
    private static final String TOO_LONG = "more than " + MAX_ENTRY + " characters";

    private MapParser() {}

    /** The entries that could be read, and how many entries could not. */
    public record Parsed(MapEntries entries, int damagedEntries) {}

    /** Takes a file's entries one by one, in the file's order. */
    @FunctionalInterface
    public interface Sink {
        /**
         * One entry: its key folded, its value canonical. False when the key came before with another value:
         * postmap keeps the first of duplicate keys, and so must the sink.
         */
        boolean add(String key, String value);
    }

    public static MapEntries parse(MapFormat format, BufferedReader in, Consumer<String> warnings)
            throws IOException {
        return read(format, in, warnings).entries();
    }

    public static Parsed read(MapFormat format, Reader in, Consumer<String> warnings) throws IOException {
        Map<String, String> entries = new HashMap<>();
        int damaged = stream(format, in, collect(entries), warnings);
        return new Parsed(new MapEntries(entries), damaged);
    }

    /**
     * A sink that puts the entries in {@code entries}. The same key twice with the same value (one sender in two
     * spellings, as the old script wrote them) changes nothing.
     */
    public static Sink collect(Map<String, String> entries) {
        return (key, value) -> {
            String first = entries.putIfAbsent(key, value);
            return first == null || first.equals(value);
        };
    }

    /**
     * Gives each entry that can be read to {@code entries}, in the file's order, holding none of them: a plan reads
     * a map of millions of entries as it goes. Returns how many entries could not be read.
     */
    public static int stream(MapFormat format, Reader in, Sink entries, Consumer<String> warnings) throws IOException {
        BoundedLines lines = new BoundedLines(in, MAX_ENTRY);
        Entry entry = null;
        int damaged = 0;
        for (int number = 1; ; number++) {
            String line = lines.next();
            String damage = line == null ? null : damage(line, lines.cut());
            String trimmed = line == null ? "" : line.strip();
            if (line != null && damage == null && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            boolean continuation = line != null && !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            if (continuation && entry != null && format != MapFormat.RSPAMD_LIST) {
                entry.append(trimmed, damage);
                continue;
            }
            if (entry != null && !entry.addTo(format, entries, warnings)) {
                damaged++;
            }
            if (line == null) {
                return damaged;
            }
            entry = new Entry(number, trimmed, damage);
        }
    }

    private static String damage(String line, boolean cut) {
        if (cut) {
            return TOO_LONG;
        }
        if (line.indexOf('\uFFFD') >= 0) {
            return "bytes that are not UTF-8";
        }
        return line.indexOf('\0') >= 0 ? "a NUL byte" : null;
    }

    /** One logical entry: its first line and continuation lines, and the first damage found in them. */
    private static final class Entry {
        private final int line;
        private final String text;
        /** Only once a continuation line comes: most entries are one line, copied no further. */
        private StringBuilder continued;
        private String damage;

        Entry(int line, String text, String damage) {
            this.line = line;
            this.text = text;
            this.damage = damage;
        }

        /** Appends a continuation line; once damaged, nothing more: the report needs only the start. */
        void append(String continuation, String lineDamage) {
            int length = continued == null ? text.length() : continued.length();
            if (damage == null) {
                damage = lineDamage != null || length + continuation.length() < MAX_ENTRY ? lineDamage : TOO_LONG;
            }
            if (damage == null) {
                if (continued == null) {
                    continued = new StringBuilder(text);
                }
                continued.append(' ').append(continuation);
            }
        }

        private String text() {
            return continued == null ? text : continued.toString();
        }

        /** Adds the entry, or reports it; false when it is damaged. */
        boolean addTo(MapFormat format, Sink entries, Consumer<String> warnings) {
            if (damage != null) {
                warnings.accept("line " + line + ": an entry with " + damage + " is left out and the file rewritten: '"
                        + Domains.printable(text()) + "'");
                return false;
            }
            add(format, text(), entries, line, warnings);
            return true;
        }
    }

    /** {@link Character#isWhitespace}, answered without a table lookup for the characters of an address. */
    static boolean isWhitespace(char c) {
        return (c <= ' ' || c >= '\u1680') && Character.isWhitespace(c);
    }

    private static void add(MapFormat format, String entry, Sink entries, int line,
            Consumer<String> warnings) {
        int split = 0;
        while (split < entry.length() && !isWhitespace(entry.charAt(split))) {
            split++;
        }
        String key = entry.substring(0, split);
        int start = split;
        while (start < entry.length() && isWhitespace(entry.charAt(start))) {
            start++;
        }
        String value = entry.substring(start).strip();
        key = Ascii.lower(key);
        if (format == MapFormat.RSPAMD_LIST) {
            value = "";
        } else if (format == MapFormat.POSTFIX_ALIASES) {
            value = Recipients.canonical(value);
        }
        if (!entries.add(key, value)) {
            warnings.accept("line " + line + ": duplicate key '" + Domains.printable(key) + "' ignored");
        }
    }
}
