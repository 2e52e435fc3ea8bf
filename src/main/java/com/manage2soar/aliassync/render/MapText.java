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

    /** A key and its domain, taken once for the sort and the domain headings. */
    private record Keyed(String domain, String key) implements Comparable<Keyed> {
        @Override
        public int compareTo(Keyed other) {
            int order = domain.compareTo(other.domain);
            return order != 0 ? order : key.compareTo(other.key);
        }
    }

    public static void write(MapFile file, MapEntries entries, Writer out) throws IOException {
        out.write(HEADER);
        boolean values = file.format() != MapFormat.RSPAMD_LIST;
        if (!(file.scope() instanceof MapScope.ListAddresses)) {
            String[] keys = entries.byKey().keySet().toArray(new String[0]);
            Arrays.sort(keys);
            for (String key : keys) {
                writeEntry(out, key, values ? entries.byKey().get(key) : null);
            }
            return;
        }
        // List addresses grouped by domain, so that a club's lists sit together.
        Keyed[] keys = new Keyed[entries.size()];
        int n = 0;
        for (String key : entries.byKey().keySet()) {
            keys[n++] = new Keyed(Domains.of(key), key);
        }
        Arrays.sort(keys);
        String domain = null;
        for (Keyed keyed : keys) {
            if (!keyed.domain().equals(domain)) {
                domain = keyed.domain();
                out.write("\n# " + domain + "\n");
            }
            writeEntry(out, keyed.key(), values ? entries.byKey().get(keyed.key()) : null);
        }
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
        for (var entry : entries.byKey().entrySet()) {
            length += entry.getKey().length() + 1 + (values ? 2 + entry.getValue().length() : 0);
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
