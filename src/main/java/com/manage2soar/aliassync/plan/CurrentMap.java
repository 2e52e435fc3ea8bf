package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.MapEntries;

/** A map file as found on disk before the run: its entries, and whether its Postfix index exists. */
public record CurrentMap(boolean exists, MapEntries entries, boolean indexed) {
    public static final CurrentMap MISSING = new CurrentMap(false, MapEntries.EMPTY, false);
}
