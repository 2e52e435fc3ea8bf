package com.manage2soar.aliassync.report;

import java.util.Map;

/** The keys in each map (by file name), the recipients in the alias maps and the API entries validation dropped. */
public record MapTotals(Map<String, Integer> keysPerFile, long listRecipients, int invalidDropped) {
    public MapTotals {
        keysPerFile = Map.copyOf(keysPerFile);
    }
}
