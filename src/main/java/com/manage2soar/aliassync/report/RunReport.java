package com.manage2soar.aliassync.report;

import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run did, stage by stage: each club's fetch, the plan, what was applied. The exit code
 * ({@link ExitCode#of}), the log summary and the metrics are worked out from it alone.
 *
 * @param stop why the run ended before planning, if it did
 * @param unchanged everything was as the last clean run left it: nothing was planned
 * @param reloadPending an earlier run changed the maps and its reload failed
 */
public record RunReport(
        Instant started,
        Duration took,
        boolean dryRun,
        Optional<Stop> stop,
        List<ClubResult> clubs,
        boolean unchanged,
        Plan plan,
        boolean reloadPending,
        Applied applied) {

    /** Why a run ended early. */
    public enum Stop {
        /** Another run holds the lock. */
        LOCK_HELD,
        /** The lock, a map, a killed run's leftovers or the state file cannot be written or read. */
        CANNOT_WRITE
    }

    public RunReport {
        clubs = List.copyOf(clubs);
    }

    public static RunReport stopped(Instant started, Duration took, boolean dryRun, Stop stop, List<ClubResult> clubs) {
        return new RunReport(started, took, dryRun, Optional.of(stop), clubs, false, Plan.EMPTY, false, Applied.NOTHING);
    }

    public boolean anyFetched() {
        return clubs.stream().anyMatch(ClubResult::fetched);
    }

    public List<ClubResult> failed() {
        return clubs.stream().filter(club -> !club.fetched()).toList();
    }

    /** What the maps hold after the run, when the run worked that out: it planned, and its plan is on disk. */
    public Optional<MapTotals> totals() {
        boolean notApplied = applied.failure().isPresent() || plan.blocked() && applied.written().isEmpty();
        if (plan.files().isEmpty() || notApplied) {
            return Optional.empty();
        }
        Map<String, Integer> keys = new HashMap<>();
        long recipients = 0;
        for (FileChange change : plan.files()) {
            keys.put(change.file().name(), change.desired().size());
            if (change.file().format() == MapFormat.POSTFIX_ALIASES) {
                for (String key : change.desired().byKey().keySet()) {
                    recipients += change.desired().recipients(key);
                }
            }
        }
        Map<String, Integer> listsDropped = new HashMap<>();
        clubs.stream().filter(ClubResult::fetched).forEach(club -> listsDropped.put(club.club(), club.listsDropped()));
        return Optional.of(new MapTotals(keys, recipients, clubs.stream().mapToInt(ClubResult::dropped).sum(),
                listsDropped));
    }
}
