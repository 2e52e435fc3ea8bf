package com.manage2soar.aliassync.model;

import java.util.List;

/** A club hosted on this mail server: its prefix (used in file names) and its mail domains. */
public record Club(String prefix, List<String> domains) {
    public Club {
        domains = List.copyOf(domains);
    }

    @Override
    public String toString() {
        return prefix;
    }
}
