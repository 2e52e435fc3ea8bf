package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.model.Club;
import java.net.URI;

/** Where a club's lists come from: its API (or a saved {@code file:} response) and its key. */
public record ClubSource(Club club, URI apiUrl, Secret token) {
    public String prefix() {
        return club.prefix();
    }

    public boolean isFile() {
        return "file".equalsIgnoreCase(apiUrl.getScheme());
    }

    public boolean isHttps() {
        return "https".equalsIgnoreCase(apiUrl.getScheme());
    }
}
