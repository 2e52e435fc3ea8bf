package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.MapEntries;

/**
 * A map file as found on disk before the run: its entries, whether its Postfix index exists, and whether
 * it holds entries that could not be read (see {@link MapParser}), which makes it due for rewriting.
 */
public record CurrentMap(boolean exists, MapEntries entries, boolean indexed, boolean damaged) {
    public static final CurrentMap MISSING = new CurrentMap(false, MapEntries.EMPTY, false);

    public CurrentMap(boolean exists, MapEntries entries, boolean indexed) {
        this(exists, entries, indexed, false);
    }
}
