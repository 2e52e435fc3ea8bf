package com.manage2soar.aliassync.api;

import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import java.time.Duration;

/** The outcome of fetching one club's lists. */
public sealed interface ClubFetch {
    Club club();

    /** {@code bodyDigest} identifies the response body, to tell the next run whether anything changed. */
    record Fetched(Club club, ApiLists lists, Duration took, String bodyDigest) implements ClubFetch {}

    record Failed(Club club, FetchFailure kind, String reason) implements ClubFetch {}
}
