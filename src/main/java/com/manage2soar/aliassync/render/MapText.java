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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

    /** List addresses grouped by domain, so that a club's lists sit together. */
    private static final Comparator<String> BY_DOMAIN =
            Comparator.comparing(Domains::of).thenComparing(Comparator.naturalOrder());

    public static void write(MapFile file, MapEntries entries, Writer out) throws IOException {
        out.write(HEADER);
        List<String> keys = new ArrayList<>(entries.byKey().keySet());
        boolean grouped = file.scope() instanceof MapScope.ListAddresses;
        keys.sort(grouped ? BY_DOMAIN : Comparator.naturalOrder());
        String domain = null;
        for (String key : keys) {
            if (grouped && !Domains.of(key).equals(domain)) {
                domain = Domains.of(key);
                out.write("\n# " + domain + "\n");
            }
            out.write(key);
            if (file.format() != MapFormat.RSPAMD_LIST) {
                out.write("  ");
                out.write(entries.byKey().get(key));
            }
            out.write('\n');
        }
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
