package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Ascii;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.Recipients;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a map file as Postfix's {@code postmap} (or Rspamd) does: '#' comment lines and blank
 * lines are ignored, a line starting with whitespace continues the previous entry, the key ends at
 * the first whitespace. Keys are folded to lower case, as Postfix's {@code hash:} lookups and Rspamd's hash
 * maps (see {@code Renderer}) do; A-Z only, as both fold ASCII and a written key is ASCII.
 */
public final class MapParser {
    private MapParser() {}

    public static MapEntries parse(MapFormat format, BufferedReader in, Consumer<String> warnings)
            throws IOException {
        Map<String, String> entries = new HashMap<>();
        StringBuilder logical = null;
        int number = 0;
        int start = 0;
        for (String line = in.readLine(); ; line = in.readLine()) {
            number++;
            boolean continuation = line != null && !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            String trimmed = line == null ? "" : line.strip();
            if (line != null && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (continuation && logical != null && format != MapFormat.RSPAMD_LIST) {
                logical.append(' ').append(trimmed);
                continue;
            }
            if (logical != null) {
                add(format, logical.toString(), entries, start, warnings);
            }
            if (line == null) {
                break;
            }
            logical = new StringBuilder(trimmed);
            start = number;
        }
        return new MapEntries(entries);
    }

    private static void add(MapFormat format, String entry, Map<String, String> entries, int line,
            Consumer<String> warnings) {
        int split = 0;
        while (split < entry.length() && !Character.isWhitespace(entry.charAt(split))) {
            split++;
        }
        String key = entry.substring(0, split);
        String value = entry.substring(split).strip();
        key = Ascii.lower(key);
        if (format == MapFormat.RSPAMD_LIST) {
            value = "";
        } else if (format == MapFormat.POSTFIX_ALIASES) {
            value = Recipients.canonical(value);
        }
        String first = entries.putIfAbsent(key, value);
        // postmap keeps the first of duplicate keys too. The same key twice with the same value (one sender
        // in two spellings, as the old script wrote them) changes nothing.
        if (first != null && !first.equals(value)) {
            warnings.accept("line " + line + ": duplicate key '" + key + "' ignored");
        }
    }
}
