package com.manage2soar.aliassync.render;

import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * Spells a map's entries as the text file Postfix's {@code postmap} or Rspamd reads. The same
 * entries always give the same bytes: sorted, no timestamp, so an unchanged API changes nothing.
 */
public final class MapText {
    private MapText() {}

    private static final String HEADER = """
            # Written by m2s-sync-aliases from the Manage2Soar API. Do not edit: the next run
            # that changes this file overwrites it. Entries are sorted and carry no timestamp.
            """;

    public static void write(MapFile file, MapEntries entries, Writer out) throws IOException {
        out.write(HEADER);
        boolean values = file.format() != MapFormat.RSPAMD_LIST;
        boolean headings = file.scope() instanceof MapScope.ListAddresses;
        String domain = null;
        for (String key : sortedKeys(file, entries)) {
            if (headings && !Domains.of(key).equals(domain)) {
                domain = Domains.of(key);
                out.write("\n# " + domain + "\n");
            }
            writeEntry(out, key, values ? entries.byKey().get(key) : null);
        }
    }

    /** The keys in the order {@link #write} writes them. */
    public static String[] sortedKeys(MapFile file, MapEntries entries) {
        String[] keys = entries.byKey().keySet().toArray(new String[0]);
        Arrays.sort(keys, order(file));
        return keys;
    }

    /**
     * The order of a file's keys: list addresses by domain, so that a club's lists sit together, then by key;
     * other keys by key.
     */
    public static Comparator<String> order(MapFile file) {
        return file.scope() instanceof MapScope.ListAddresses ? MapText::compareByDomain : Comparator.naturalOrder();
    }

    /** As comparing {@code Domains.of} of each key and then the keys, without taking the domains out. */
    private static int compareByDomain(String a, String b) {
        int i = a.lastIndexOf('@') + 1;
        int j = b.lastIndexOf('@') + 1;
        for (; i < a.length() && j < b.length(); i++, j++) {
            int order = Character.compare(a.charAt(i), b.charAt(j));
            if (order != 0) {
                return order;
            }
        }
        int order = Integer.compare(a.length() - i, b.length() - j);
        return order != 0 ? order : a.compareTo(b);
    }

    private static void writeEntry(Writer out, String key, String value) throws IOException {
        out.write(key);
        if (value != null) {
            out.write("  ");
            out.write(value);
        }
        out.write('\n');
    }

    /**
     * How many characters {@link #write} writes, without sorting: the size in bytes of the file it makes, as a
     * rendered map is ASCII (validated names and addresses).
     */
    public static long length(MapFile file, MapEntries entries) {
        boolean values = file.format() != MapFormat.RSPAMD_LIST;
        long length = HEADER.length();
        for (String key : entries.byKey().keySet()) {
            length += key.length() + 1 + (values ? 2 + entries.length(key) : 0);
        }
        if (file.scope() instanceof MapScope.ListAddresses) {
            Set<String> domains = new HashSet<>();
            for (String key : entries.byKey().keySet()) {
                String domain = Domains.of(key);
                if (domains.add(domain)) {
                    length += domain.length() + 4; // "\n# " and "\n"
                }
            }
        }
        return length;
    }

    public static String toString(MapFile file, MapEntries entries) {
        StringWriter out = new StringWriter();
        try {
            write(file, entries, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
