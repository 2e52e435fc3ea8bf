package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.model.Recipients;
import com.manage2soar.aliassync.render.ClubEntries;
import com.manage2soar.aliassync.render.DesiredMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Pure: the per-club safety checks. Judged on the alias map as the plan would leave it, each fetched club
 * on its own: a club whose lists all empty, whose whitelist empties (its members would get 554 on every
 * non-bypass list), or that loses too many of its own recipients is far more often an API fault than
 * real. One list emptying while the club's others keep their members is ordinary, and not refused.
 */
final class ClubSafety {
    private final SafetyRules rules;
    private final Map<String, String> ownerOfDomain;

    ClubSafety(SafetyRules rules, Map<String, String> ownerOfDomain) {
        this.rules = rules;
        this.ownerOfDomain = ownerOfDomain;
    }

    /**
     * The list recipients (in alias maps) of each club before the run, and those the plan removes: counted once,
     * for the per-club checks and the plan's total. Keys of no configured club count under "".
     */
    record Tally(Map<String, Long> total, Map<String, Long> removed) {
        long totalRecipients() {
            return total.values().stream().mapToLong(Long::longValue).sum();
        }

        long removedRecipients() {
            return removed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Counted from each file's plan, as the current maps are let go once planned. */
    Tally tally(List<FileChange> files) {
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> removed = new HashMap<>();
        for (FileChange file : files) {
            if (file.file().format() != MapFormat.POSTFIX_ALIASES) {
                continue;
            }
            // A key the plan does not change held before the run what it holds after.
            Set<String> changed = new HashSet<>();
            for (KeyChange change : file.changes()) {
                changed.add(change.key());
                removed.merge(owner(change.key()), removedRecipients(change), Long::sum);
                total.merge(owner(change.key()), recipientsBefore(change), Long::sum);
            }
            for (String key : file.desired().byKey().keySet()) {
                if (!changed.contains(key)) {
                    total.merge(owner(key), (long) file.desired().recipients(key), Long::sum);
                }
            }
        }
        return new Tally(total, removed);
    }

    /**
     * One refusal per club that fails a check, in the clubs' order. {@code current} reads a file whole, as it is
     * before the run, for the rare club whose whitelist would empty: the plan does not keep what it read.
     */
    List<Refusal.OfClub> check(List<Club> clubs, Map<String, ClubEntries> fetched, Tally tally, List<DesiredMap> desired,
            MapReader current) {
        Map<DesiredMap, MapEntries> read = new IdentityHashMap<>(); // a map's hash would read all its entries
        Function<DesiredMap, MapEntries> now = map -> read.computeIfAbsent(map, m -> current.readWhole(m).entries());
        return clubs.stream().filter(club -> fetched.containsKey(club.prefix()))
                .flatMap(club -> refusal(club, fetched.get(club.prefix()), tally.total().getOrDefault(club.prefix(), 0L),
                        tally.removed().getOrDefault(club.prefix(), 0L), desired, now).stream())
                .toList();
    }

    private Optional<Refusal.OfClub> refusal(Club club, ClubEntries entries, long total, long removed,
            List<DesiredMap> files, Function<DesiredMap, MapEntries> now) {
        boolean hasMembers = entries.hasMembers();
        if (total > 0 && !hasMembers) {
            return refuse(club, Refusal.Cause.LISTS_EMPTIED,
                    "the API returned no list with a valid member, but its lists have members now");
        }
        if (hasMembers && entries.senders().isEmpty() && hadWhitelist(club, files, now)) {
            return refuse(club, Refusal.Cause.WHITELIST_EMPTIED, "the API returned no whitelisted sender, but the "
                    + "club has some now (its members would be refused on every list that requires the whitelist)");
        }
        // Each list is in the map once a domain: count a club's recipients once.
        long perDomain = removed / Math.max(1, club.domains().size());
        if (rules.tooMany(perDomain, total / Math.max(1, club.domains().size()))) {
            return refuse(club, Refusal.Cause.TOO_MANY_REMOVED, String.format(Locale.ROOT,
                    "the plan removes %d of its %d list recipients (%.1f%%), more than safety.max_removed_percent = %d%%",
                    perDomain, total / Math.max(1, club.domains().size()), removed * 100.0 / total, rules.maxRemovedPercent()));
        }
        return Optional.empty();
    }

    /** The list recipients a change of an alias takes away. */
    private static long removedRecipients(KeyChange change) {
        return switch (change) {
            case KeyChange.Removed r -> Recipients.count(r.value());
            case KeyChange.AliasChanged c -> c.recipients().removed().size();
            case KeyChange.Added a -> 0;
            case KeyChange.Changed c -> 0; // no alias
        };
    }

    /** The list recipients an alias that changes had before the run. */
    private static long recipientsBefore(KeyChange change) {
        return switch (change) {
            case KeyChange.Removed r -> Recipients.count(r.value());
            case KeyChange.AliasChanged c -> c.recipientsBefore();
            case KeyChange.Added a -> 0;
            case KeyChange.Changed c -> 0; // no alias
        };
    }

    private static Optional<Refusal.OfClub> refuse(Club club, Refusal.Cause cause, String detail) {
        return Optional.of(new Refusal.OfClub(club.prefix(), cause, detail));
    }

    /**
     * Whether the club has whitelisted senders on disk now: its own Rspamd file is not empty, or (without
     * one) a member of its lists is in a merged sender whitelist.
     */
    private boolean hadWhitelist(Club club, List<DesiredMap> files, Function<DesiredMap, MapEntries> now) {
        for (DesiredMap file : files) {
            if (file.file().scope() instanceof MapScope.OneClub(String prefix) && prefix.equals(club.prefix())) {
                return !now.apply(file).byKey().isEmpty();
            }
        }
        List<MapEntries> merged = files.stream().filter(f -> f.file().scope() instanceof MapScope.AllClubs).map(now).toList();
        return files.stream().filter(f -> f.file().format() == MapFormat.POSTFIX_ALIASES)
                .flatMap(f -> now.apply(f).byKey().entrySet().stream())
                .filter(alias -> club.prefix().equals(owner(alias.getKey())))
                .flatMap(alias -> Recipients.split(alias.getValue()).stream())
                .anyMatch(member -> merged.stream().anyMatch(m -> m.byKey().containsKey(member.toLowerCase(Locale.ROOT))));
    }

    private String owner(String key) {
        return ownerOfDomain.getOrDefault(Domains.of(key), "");
    }
}
