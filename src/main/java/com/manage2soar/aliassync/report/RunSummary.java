package com.manage2soar.aliassync.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one run did, for the metrics file: when, how long, how it ended, each club's fetch, what the
 * maps hold afterwards (when the run worked that out), and what changed.
 */
public record RunSummary(
        Instant started,
        Duration took,
        ExitCode exitCode,
        Map<String, Boolean> clubFetched,
        Optional<MapTotals> maps,
        int keysChanged,
        int filesWritten,
        boolean reloaded) {

    /**
     * The keys in each map, the recipients in the alias maps, the API entries validation dropped and, per club
     * fetched, the lists it dropped (they reach nobody). A run that found nothing changed, or could fetch no
     * club, has none: the previous run's still hold.
     */
    public record MapTotals(Map<String, Integer> keysPerFile, long listRecipients, int invalidDropped,
            Map<String, Integer> listsDroppedPerClub) {
        public MapTotals {
            keysPerFile = Map.copyOf(keysPerFile);
            listsDroppedPerClub = Map.copyOf(listsDroppedPerClub);
        }
    }

    public RunSummary {
        clubFetched = Map.copyOf(clubFetched);
    }

    /** A run that applied everything it fetched: maps are current for every club. */
    public boolean succeeded() {
        return exitCode == ExitCode.OK;
    }
}
