package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Ascii;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.render.ClubEntries;
import com.manage2soar.aliassync.render.DesiredMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

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
        return plan(clubs, fetched, desired, map -> current.getOrDefault(map.file().path(), CurrentMap.MISSING),
                List.of(), false);
    }

    /**
     * {@code current}: each desired map's file as found on disk, asked for once and let go once that file is planned,
     * so that a run holds one current map at a time per core, not all of them;
     * {@code orphans}: files this job wrote for clubs that are no longer configured (they are removed);
     * {@code force}: refused clubs are applied all the same (the refusals are still reported).
     */
    public Plan plan(List<Club> clubs, Map<String, ClubEntries> fetched, List<DesiredMap> desired,
            Function<DesiredMap, CurrentMap> current, List<MapFile> orphans, boolean force) {
        Map<String, String> ownerOfDomain = new HashMap<>();
        Set<String> kept = new HashSet<>();
        for (Club club : clubs) {
            club.domains().forEach(domain -> ownerOfDomain.put(domain, club.prefix()));
            if (!fetched.containsKey(club.prefix())) {
                kept.add(club.prefix());
            }
        }
        List<FileChange> files = desired.parallelStream()
                .map(map -> file(map, current.apply(map), kept, ownerOfDomain)).toList();
        ClubSafety safety = new ClubSafety(rules, ownerOfDomain);
        ClubSafety.Tally tally = safety.tally(files);
        List<Refusal.OfClub> refusedClubs = safety.check(clubs, fetched, files, tally);
        if (!refusedClubs.isEmpty() && !force) {
            refusedClubs.forEach(refusal -> kept.add(refusal.club()));
            List<FileChange> first = files;
            files = IntStream.range(0, desired.size()).mapToObj(i -> file(desired.get(i),
                    first.get(i).before(), kept, ownerOfDomain)).toList();
            tally = safety.tally(files);
        }
        List<Refusal> refusals = new ArrayList<>(refusedClubs);
        checkMassRemoval(tally).ifPresent(refusals::add);
        return new Plan(files, refusals, orphans);
    }

    private static FileChange file(DesiredMap map, CurrentMap now, Set<String> kept, Map<String, String> ownerOfDomain) {
        MapEntries want = keepFailedClubs(map, now.entries(), kept, ownerOfDomain);
        return new FileChange(map.file(), want, diff(map.file().format(), now.entries(), want), !now.exists(),
                now.exists() && !now.indexed(), now.damaged());
    }

    /** {@code failed}: the clubs that keep their current entries (not fetched, or refused). */
    private static MapEntries keepFailedClubs(DesiredMap map, MapEntries now, Set<String> failed,
            Map<String, String> ownerOfDomain) {
        if (failed.isEmpty()) {
            return map.entries();
        }
        return switch (map.file().scope()) {
            case MapScope.OneClub club -> failed.contains(club.prefix()) ? now : map.entries();
            case MapScope.ListAddresses ignored -> {
                Map<String, String> kept = new HashMap<>(map.entries().byKey());
                now.byKey().forEach((key, value) -> {
                    if (failed.contains(ownerOfDomain.get(Domains.of(key)))) {
                        kept.put(key, value);
                    }
                });
                yield new MapEntries(kept);
            }
            // A merged entry cannot be traced to its club: while any club is unknown, remove none.
            case MapScope.AllClubs ignored -> {
                Map<String, String> kept = new HashMap<>(map.entries().byKey());
                now.byKey().forEach(kept::putIfAbsent);
                yield new MapEntries(kept);
            }
        };
    }

    /**
     * The changes in key order; linear in the size of the maps, plus sorting what changed. Only what Postfix
     * tells apart is a change: keys are folded already, and an alias whose recipients differ only in the case of
     * their letters (a domain spelt {@code Example.NET}, one member in two spellings) resolves to the same
     * recipients (see {@link EmailAddress#compareTo}), so it is no change and writes nothing.
     */
    static List<KeyChange> diff(MapFormat format, MapEntries before, MapEntries after) {
        if (before == after) {
            return List.of(); // the map on disk spells exactly what is wanted (see MapStore.read)
        }
        List<KeyChange> changes = new ArrayList<>();
        after.byKey().forEach((key, now) -> {
            String old = before.byKey().get(key);
            if (old == null) {
                changes.add(new KeyChange.Added(key, now));
            } else if (!old.equals(now) && !(format == MapFormat.POSTFIX_ALIASES && Ascii.equalsIgnoreCase(old, now))) {
                changes.add(new KeyChange.Changed(key, old, now));
            }
        });
        before.byKey().forEach((key, old) -> {
            if (!after.byKey().containsKey(key)) {
                changes.add(new KeyChange.Removed(key, old));
            }
        });
        changes.sort(Comparator.comparing(KeyChange::key));
        return changes;
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
