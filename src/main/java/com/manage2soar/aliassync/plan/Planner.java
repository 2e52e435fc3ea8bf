package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.ListName;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.model.Recipients;
import com.manage2soar.aliassync.render.DesiredMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: compares the desired maps with the current ones and decides what to write. A club that was
 * not fetched keeps its current entries in every file; a plan that would remove too much is refused.
 */
public final class Planner {
    private final int maxRemovedPercent;

    public Planner(int maxRemovedPercent) {
        this.maxRemovedPercent = maxRemovedPercent;
    }

    public Plan plan(List<Club> clubs, Map<String, ClubLists> fetched, List<DesiredMap> desired,
            Map<Path, CurrentMap> current) {
        Map<String, String> ownerOfDomain = new HashMap<>();
        Set<String> failed = new HashSet<>();
        for (Club club : clubs) {
            club.domains().forEach(domain -> ownerOfDomain.put(domain, club.prefix()));
            if (!fetched.containsKey(club.prefix())) {
                failed.add(club.prefix());
            }
        }
        List<FileChange> files = new ArrayList<>();
        for (DesiredMap map : desired) {
            CurrentMap now = current.getOrDefault(map.file().path(), CurrentMap.MISSING);
            MapEntries want = keepFailedClubs(map, now.entries(), failed, ownerOfDomain);
            files.add(new FileChange(map.file(), want, diff(now.entries(), want), !now.exists(),
                    now.exists() && !now.indexed(), now.damaged()));
        }
        List<Refusal> refusals = new ArrayList<>();
        checkMassRemoval(files, current, refusals);
        checkEmptied(clubs, fetched, files, current, refusals);
        return new Plan(files, refusals);
    }

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

    /** The changes in key order; linear in the size of the maps, plus sorting what changed. */
    static List<KeyChange> diff(MapEntries before, MapEntries after) {
        if (before == after) {
            return List.of(); // the map on disk spells exactly what is wanted (see MapStore.read)
        }
        List<KeyChange> changes = new ArrayList<>();
        after.byKey().forEach((key, now) -> {
            String old = before.byKey().get(key);
            if (old == null) {
                changes.add(new KeyChange.Added(key, now));
            } else if (!old.equals(now)) {
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

    /** Counts list recipients (in alias maps) before the run and those the plan removes. */
    private void checkMassRemoval(List<FileChange> files, Map<Path, CurrentMap> current,
            List<Refusal> refusals) {
        List<FileChange> aliasFiles = files.stream()
                .filter(f -> f.file().format() == MapFormat.POSTFIX_ALIASES).toList();
        long removed = 0;
        for (FileChange file : aliasFiles) {
            for (KeyChange change : file.changes()) {
                removed += switch (change) {
                    case KeyChange.Removed r -> Recipients.count(r.value());
                    case KeyChange.Changed c -> Recipients.countRemoved(c.oldValue(), c.newValue());
                    case KeyChange.Added a -> 0;
                };
            }
        }
        if (removed == 0) {
            return;
        }
        long total = 0;
        for (FileChange file : aliasFiles) {
            for (String value : current.getOrDefault(file.file().path(), CurrentMap.MISSING).entries()
                    .byKey().values()) {
                total += Recipients.count(value);
            }
        }
        if (removed * 100 > total * maxRemovedPercent) {
            refusals.add(new Refusal(String.format(
                    "the plan removes %d of %d list recipients (%.1f%%), more than safety.max_removed_percent = %d%%",
                    removed, total, removed * 100.0 / total, maxRemovedPercent)));
        }
    }

    /** A list or a club that had members and now has none is far more often an API fault than real. */
    private static void checkEmptied(List<Club> clubs, Map<String, ClubLists> fetched,
            List<FileChange> files, Map<Path, CurrentMap> current, List<Refusal> refusals) {
        for (FileChange file : files) {
            if (file.file().format() != MapFormat.POSTFIX_ALIASES) {
                continue;
            }
            Map<String, String> before = current.getOrDefault(file.file().path(), CurrentMap.MISSING)
                    .entries().byKey();
            // Once per file: asked per club of the keys themselves, this is quadratic in the number of clubs.
            Set<String> domainsBefore = new HashSet<>();
            before.keySet().forEach(key -> domainsBefore.add(Domains.of(key)));
            for (Club club : clubs) {
                ClubLists lists = fetched.get(club.prefix());
                if (lists == null) {
                    continue;
                }
                boolean hadAny = club.domains().stream().anyMatch(domainsBefore::contains);
                boolean hasAny = lists.lists().values().stream().anyMatch(members -> !members.isEmpty());
                if (hadAny && !hasAny) {
                    refusals.add(new Refusal("club " + club.prefix()
                            + ": the API returned no list with a valid member, but its lists have members now"));
                    continue;
                }
                for (var list : lists.lists().entrySet()) {
                    if (list.getValue().isEmpty()) {
                        checkEmptiedList(club, list.getKey(), before, refusals);
                    }
                }
            }
        }
    }

    private static void checkEmptiedList(Club club, ListName list, Map<String, String> before,
            List<Refusal> refusals) {
        for (String domain : club.domains()) {
            String members = before.get(list.at(domain));
            if (members != null) {
                refusals.add(new Refusal("club " + club.prefix() + ": list " + list
                        + " has no valid member in the API, but has " + Recipients.count(members)
                        + " now"));
                return;
            }
        }
    }
}
