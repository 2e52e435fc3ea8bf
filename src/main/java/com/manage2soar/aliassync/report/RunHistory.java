package com.manage2soar.aliassync.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What monitoring needs from earlier runs: each club's failures in a row, the end of the last run that
 * exited 0, and the map totals of the last run that worked them out (a run that found nothing changed
 * still has them).
 */
public record RunHistory(Map<String, Integer> consecutiveFailures, Optional<Instant> lastSuccess,
        Optional<MapTotals> totals) {
    public static final RunHistory NONE = new RunHistory(Map.of(), Optional.empty(), Optional.empty());

    public RunHistory {
        consecutiveFailures = Map.copyOf(consecutiveFailures);
    }

    /** The history once {@code run}, which ended with {@code code}, is added to it. */
    public RunHistory after(RunReport run, ExitCode code) {
        Map<String, Integer> failures = new LinkedHashMap<>();
        for (ClubResult club : run.clubs()) {
            failures.put(club.club(), club.fetched() ? 0 : consecutiveFailures.getOrDefault(club.club(), 0) + 1);
        }
        Optional<Instant> success = code == ExitCode.OK ? Optional.of(run.started().plus(run.took())) : lastSuccess;
        Optional<MapTotals> now = run.totals().map(mine -> totals.map(mine::keepingCountsOf).orElse(mine));
        return new RunHistory(failures, success, now.or(() -> totals));
    }
}
