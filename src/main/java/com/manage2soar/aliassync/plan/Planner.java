package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.render.ClubEntries;
import com.manage2soar.aliassync.render.DesiredMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Pure: compares the desired maps with the current ones and decides what to write. A club that was
 * not fetched, or whose changes a safety check refused, keeps its current entries in every file; a plan
 * that would remove too much in all is refused as a whole.
 */
public final class Planner {
    private final SafetyRules rules;

    public Planner(SafetyRules rules) {
        this.rules = rules;
    }

    public Planner(int maxRemovedPercent) {
        this(new SafetyRules(maxRemovedPercent, SafetyRules.DEFAULT_MIN_REMOVED_RECIPIENTS));
    }

    public Plan plan(List<Club> clubs, Map<String, ClubEntries> fetched, List<DesiredMap> desired,
            Map<Path, CurrentMap> current) {
        return plan(clubs, fetched, desired, MapReader.of(map -> current.getOrDefault(map.file().path(), CurrentMap.MISSING)),
                List.of(), false);
    }

    /**
     * {@code current}: reads each desired map's file as found on disk, entry by entry as it is planned;
     * {@code orphans}: files this job wrote for clubs that are no longer configured (they are removed);
     * {@code force}: refused clubs are applied all the same (the refusals are still reported).
     */
    public Plan plan(List<Club> clubs, Map<String, ClubEntries> fetched, List<DesiredMap> desired,
            MapReader current, List<MapFile> orphans, boolean force) {
        Map<String, String> ownerOfDomain = new HashMap<>();
        Set<String> kept = new HashSet<>();
        for (Club club : clubs) {
            club.domains().forEach(domain -> ownerOfDomain.put(domain, club.prefix()));
            if (!fetched.containsKey(club.prefix())) {
                kept.add(club.prefix());
            }
        }
        List<FileChange> files = files(desired, current, kept, ownerOfDomain);
        ClubSafety safety = new ClubSafety(rules, ownerOfDomain);
        ClubSafety.Tally tally = safety.tally(files);
        List<Refusal.OfClub> refusedClubs = safety.check(clubs, fetched, tally, desired, current);
        if (!refusedClubs.isEmpty() && !force) {
            // The files are read again rather than held: refusals are rare, large changes are not.
            refusedClubs.forEach(refusal -> kept.add(refusal.club()));
            files = files(desired, current, kept, ownerOfDomain);
            tally = safety.tally(files);
        }
        List<Refusal> refusals = new ArrayList<>(refusedClubs);
        checkMassRemoval(tally).ifPresent(refusals::add);
        return new Plan(files, refusals, orphans);
    }

    /**
     * {@code kept}: the clubs that keep their current entries (not fetched, or refused). A task per file, on all
     * cores, in the files' order, so the two largest maps (the aliases and the sender whitelist, first) are planned
     * side by side. A parallel stream planned them one after the other on one core: it splits a list into runs of
     * some 60 files.
     */
    private static List<FileChange> files(List<DesiredMap> desired, MapReader current, Set<String> kept,
            Map<String, String> ownerOfDomain) {
        List<Future<FileChange>> plans;
        try (ExecutorService cores = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            plans = desired.stream().map(map -> cores.submit(() -> file(map, current, kept, ownerOfDomain))).toList();
        }
        List<FileChange> files = new ArrayList<>();
        for (Future<FileChange> plan : plans) { // every one is done: the pool has closed
            if (plan.state() == Future.State.FAILED) {
                switch (plan.exceptionNow()) {
                    case RuntimeException e -> throw e;
                    case Error e -> throw e;
                    case Throwable e -> throw new IllegalStateException(e);
                }
            }
            files.add(plan.resultNow());
        }
        return files;
    }

    private static FileChange file(DesiredMap map, MapReader current, Set<String> kept, Map<String, String> ownerOfDomain) {
        MapFile file = map.file();
        boolean clubKept = file.scope() instanceof MapScope.OneClub(String prefix) && kept.contains(prefix);
        MapEntries wanted = clubKept ? MapEntries.EMPTY : map.entries();
        Predicate<String> keeps = kept.isEmpty() ? key -> false : switch (file.scope()) {
            case MapScope.OneClub club -> key -> clubKept;
            case MapScope.ListAddresses ignored -> key -> kept.contains(ownerOfDomain.get(Domains.of(key)));
            // A merged entry cannot be traced to its club: while any club is unknown, remove none.
            case MapScope.AllClubs ignored -> key -> !wanted.byKey().containsKey(key);
        };
        FileDiff diff = new FileDiff(file, wanted, keeps);
        return diff.finish(current.read(new DesiredMap(file, wanted), diff));
    }

    /** The list recipients (in alias maps) the plan removes, against those before the run, over all clubs. */
    private Optional<Refusal> checkMassRemoval(ClubSafety.Tally tally) {
        long removed = tally.removedRecipients();
        if (removed == 0) {
            return Optional.empty();
        }
        long total = tally.totalRecipients();
        if (!rules.tooMany(removed, total)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal.OfPlan(String.format(Locale.ROOT,
                "the plan removes %d of %d list recipients of all clubs (%.1f%%), more than safety.max_removed_percent = %d%%",
                removed, total, removed * 100.0 / total, rules.maxRemovedPercent())));
    }
}
