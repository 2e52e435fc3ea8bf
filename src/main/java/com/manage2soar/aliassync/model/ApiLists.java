package com.manage2soar.aliassync.model;

import java.util.List;
import java.util.Map;

/** A club's lists exactly as the API sent them: nothing here is validated yet. */
public record ApiLists(Map<String, List<String>> lists, List<String> whitelist, List<String> bypassLists) {
    public ApiLists {
        lists = Map.copyOf(lists);
        whitelist = List.copyOf(whitelist);
        bypassLists = List.copyOf(bypassLists);
    }
}
