package com.manage2soar.aliassync.api;

import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import java.time.Duration;

/** The outcome of fetching and parsing one club's lists. */
public sealed interface ClubFetch {
    Club club();

    record Fetched(Club club, ApiLists lists, Duration took) implements ClubFetch {}

    /** A club whose lists could not be had: fetching failed, or what arrived is unusable. */
    record Failed(Club club, FetchFailure kind, String reason) implements ClubFetch, ClubAnswer {
        @Override
        public ClubFetch parsed() {
            return this;
        }
    }
}
