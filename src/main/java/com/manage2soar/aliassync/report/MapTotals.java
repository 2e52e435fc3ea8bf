package com.manage2soar.aliassync.report;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys in each map (by file name), the recipients in the alias maps, the API entries validation dropped
 * and, per club, the lists it sent that reach nobody.
 */
public record MapTotals(Map<String, Integer> keysPerFile, long listRecipients, int invalidDropped,
        Map<String, Integer> listsDroppedPerClub) {
    public MapTotals {
        keysPerFile = Map.copyOf(keysPerFile);
        listsDroppedPerClub = Map.copyOf(listsDroppedPerClub);
    }

    /** These totals, with the dropped-list count of each club they lack (not validated this run) from {@code before}. */
    MapTotals keepingCountsOf(MapTotals before) {
        Map<String, Integer> lists = new HashMap<>(before.listsDroppedPerClub);
        lists.putAll(listsDroppedPerClub);
        return new MapTotals(keysPerFile, listRecipients, invalidDropped, lists);
    }
}
