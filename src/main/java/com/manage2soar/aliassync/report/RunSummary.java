package com.manage2soar.aliassync.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one run did, for the metrics file: when, how long, how it ended, each club's fetch, the
 * size of each map afterwards, and what changed.
 */
public record RunSummary(
        Instant started,
        Duration took,
        ExitCode exitCode,
        Map<String, Boolean> clubFetched,
        Map<String, Integer> keysPerFile,
        long listRecipients,
        int keysChanged,
        int filesWritten,
        int invalidDropped,
        boolean reloaded) {

    public RunSummary {
        clubFetched = Map.copyOf(clubFetched);
        keysPerFile = Map.copyOf(keysPerFile);
    }

    /** A run that applied everything it fetched: maps are current for every club. */
    public boolean succeeded() {
        return exitCode == ExitCode.OK;
    }
}
