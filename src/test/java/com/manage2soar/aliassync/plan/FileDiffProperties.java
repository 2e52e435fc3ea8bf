package com.manage2soar.aliassync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.model.Ascii;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.model.Recipients;
import com.manage2soar.aliassync.render.MapText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The streamed plan of a file says what comparing its two maps whole says, whatever the order the file holds its
 * entries in (its own sorted order, or another: a file the old script wrote, an edit by hand), and whichever keys
 * keep their current value (of clubs not fetched, or refused).
 */
class FileDiffProperties {
    private static final List<MapFile> FILES = List.of(
            new MapFile(Path.of("virtual"), MapFormat.POSTFIX_ALIASES, new MapScope.ListAddresses()),
            new MapFile(Path.of("recipient_whitelist_check"), MapFormat.POSTFIX_ACCESS, new MapScope.ListAddresses()),
            new MapFile(Path.of("sender_whitelist"), MapFormat.POSTFIX_ACCESS, new MapScope.AllClubs()));
    private static final List<String> DOMAINS = List.of("a.org", "b.org", "ab.org", "a.orgx");

    @Provide
    Arbitrary<Map<String, String>> entries() {
        Arbitrary<String> key = Combinators.combine(Arbitraries.of("members", "board", "a", "b-bounces", "z"),
                Arbitraries.of(DOMAINS)).as((local, domain) -> local + "@" + domain);
        Arbitrary<String> value = Arbitraries.of("a@x.net", "B@x.net", "b@x.net", "c@y.org", "OK").list().ofMinSize(1)
                .ofMaxSize(3).map(recipients -> Recipients.canonical(String.join(",", recipients)));
        return Arbitraries.maps(key, value).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Set<String>> keptDomains() {
        return Arbitraries.of(DOMAINS).set().ofMaxSize(2);
    }

    @Property(tries = 3000)
    void isTheDifferenceOfTheWholeMaps(@ForAll("entries") Map<String, String> before,
            @ForAll("entries") Map<String, String> after, @ForAll("keptDomains") Set<String> keptDomains,
            @ForAll boolean inFileOrder, @ForAll long seed, @ForAll("files") MapFile file) {
        Predicate<String> kept = key -> keptDomains.contains(Domains.of(key));
        List<String> onDisk = List.of(MapText.sortedKeys(file, new MapEntries(before)));
        if (!inFileOrder) {
            onDisk = new ArrayList<>(onDisk);
            Collections.shuffle(onDisk, new Random(seed));
        }
        FileDiff diff = new FileDiff(file, new MapEntries(after), kept);
        onDisk.forEach(key -> assertTrue(diff.add(key, before.get(key))));
        FileChange change = diff.finish(new MapReader.Found(true, true, false, false));

        Map<String, String> want = new HashMap<>(after);
        before.forEach((key, value) -> {
            if (kept.test(key)) {
                want.put(key, value);
            }
        });
        assertEquals(want, change.desired().byKey());
        assertEquals(expected(file, before, want, kept),
                change.changes().stream().map(c -> shown(c, change.desired())).toList());
    }

    @Provide
    Arbitrary<MapFile> files() {
        return Arbitraries.of(FILES);
    }

    /** The changes found by comparing the two maps whole, key by key in key order. */
    private static List<String> expected(MapFile file, Map<String, String> before, Map<String, String> want,
            Predicate<String> kept) {
        boolean aliases = file.format() == MapFormat.POSTFIX_ALIASES;
        List<String> changes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(want.keySet());
        for (String key : keys) {
            String old = before.get(key);
            String now = want.get(key);
            if (old == null) {
                changes.add("+ " + key + " " + now);
            } else if (now == null) {
                changes.add("- " + key + " " + old);
            } else if (!kept.test(key) && !old.equals(now) && !(aliases && Ascii.equalsIgnoreCase(old, now))) {
                changes.add(aliases ? "~ " + key + " " + RecipientDiff.of(old, now) + " " + Recipients.count(old)
                        : "~ " + key + " " + old + " -> " + now);
            }
        }
        return changes;
    }

    /** An added key with its value as the plan shows it: the desired map's. */
    private static String shown(KeyChange change, MapEntries desired) {
        return switch (change) {
            case KeyChange.Added a -> "+ " + a.key() + " " + desired.byKey().get(a.key());
            case KeyChange.Removed r -> "- " + r.key() + " " + r.value();
            case KeyChange.AliasChanged c -> "~ " + c.key() + " " + c.recipients() + " " + c.recipientsBefore();
            case KeyChange.Changed c -> "~ " + c.key() + " " + c.oldValue() + " -> " + c.newValue();
        };
    }

    @Example
    void theFirstOfADuplicateKeyCountsAndADifferentSecondIsTold() {
        MapFile virtual = FILES.get(0);
        FileDiff diff = new FileDiff(virtual, new MapEntries(Map.of("a@a.org", "x@x.net")), key -> false);
        assertTrue(diff.add("a@a.org", "x@x.net"));
        assertTrue(diff.add("a@a.org", "X@x.net"), "the same recipients");
        assertFalse(diff.add("a@a.org", "y@x.net"));
        assertTrue(diff.add("gone@a.org", "x@x.net"));
        assertFalse(diff.add("gone@a.org", "y@x.net"));

        List<KeyChange> changes = diff.finish(new MapReader.Found(true, true, false, false)).changes();
        assertEquals(List.of(new KeyChange.Removed("gone@a.org", "x@x.net")), changes);
    }

    @Example
    void aFileThatSpellsTheWantedEntriesChangesNothing() {
        MapEntries wanted = new MapEntries(Map.of("a@a.org", "x@x.net"));
        FileChange change = new FileDiff(FILES.get(0), wanted, key -> false)
                .finish(new MapReader.Found(true, false, false, true));
        assertEquals(List.of(), change.changes());
        assertTrue(change.indexMissing());
    }
}
