package com.manage2soar.aliassync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.model.Ascii;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.model.Recipients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The plan never shows an empty change: an alias is changed exactly when its recipients differ in something
 * Postfix tells apart, and then the plan lists what it gains or loses. Case of a domain (or of a whole
 * address), order and duplicates are not a change.
 */
class NoEmptyChangeProperties {
    private static final String KEY = "members@c.example.org";
    private static final MapFile VIRTUAL = new MapFile(Path.of("virtual"), MapFormat.POSTFIX_ALIASES, new MapScope.ListAddresses());

    @Provide
    Arbitrary<String> value() {
        // Few distinct addresses in several spellings, so that case-only differences and duplicates are common;
        // U+212A (Kelvin sign) is what an old file may hold that Unicode folding would call a 'k'.
        Arbitrary<String> address = Arbitraries.of("bob@example.net", "Bob@Example.NET", "BOB@EXAMPLE.NET",
                "kim@example.net", "\u212Aim@example.net", "Kim@example.net", "al@x.org", "al@X.ORG");
        Arbitrary<String> separator = Arbitraries.of(",", ", ", " ", ",\t");
        return net.jqwik.api.Combinators.combine(address.list().ofMinSize(1).ofMaxSize(6), separator)
                .as((addresses, sep) -> String.join(sep, addresses));
    }

    private static List<KeyChange> diff(String before, String after) {
        return diff(VIRTUAL, new MapEntries(Map.of(KEY, Recipients.canonical(before))),
                new MapEntries(Map.of(KEY, Recipients.canonical(after))));
    }

    private static List<KeyChange> diff(MapFile file, MapEntries before, MapEntries after) {
        FileDiff diff = new FileDiff(file, after, key -> false);
        before.byKey().forEach(diff::add);
        return diff.finish(new MapReader.Found(true, true, false, false)).changes();
    }

    private static Set<String> folded(String value) {
        return Recipients.split(value).stream().map(Ascii::lower).collect(Collectors.toCollection(TreeSet::new));
    }

    @Property(tries = 3000)
    void aChangedAliasAlwaysGainsOrLosesARecipientAndOnlyARealDifferenceIsAChange(
            @ForAll("value") String before, @ForAll("value") String after) {
        List<KeyChange> changes = diff(before, after);

        assertEquals(!folded(before).equals(folded(after)), !changes.isEmpty(), before + " -> " + after);
        for (KeyChange change : changes) {
            RecipientDiff d = ((KeyChange.AliasChanged) change).recipients();
            assertFalse(d.added().isEmpty() && d.removed().isEmpty(), before + " -> " + after);
        }
    }

    @Example
    void theCaseOfADomainOrderAndDuplicatesAreNoChange() {
        assertEquals(List.of(), diff("Bob.Baker@Example.NET,alice@example.com", "alice@example.com, bob.baker@example.net"));
        assertEquals(List.of(), diff("Frank@Example.com,frank@example.com", "frank@example.com"));
        assertEquals(List.of(), diff("a@x.org a@x.org", "a@x.org"));
    }

    @Example
    void aKelvinSignIsNotAK() {
        List<KeyChange> changes = diff("\u212Aim@example.net", "kim@example.net");
        assertEquals(1, changes.size());
        RecipientDiff d = ((KeyChange.AliasChanged) changes.get(0)).recipients();
        assertEquals(List.of("kim@example.net"), d.added());
        assertEquals(List.of("\u212Aim@example.net"), d.removed());
    }

    @Example
    void anAccessMapValueIsComparedAsWritten() {
        MapEntries before = new MapEntries(Map.of(KEY, "whitelist_required"));
        MapEntries after = new MapEntries(Map.of(KEY, "Whitelist_Required"));
        MapFile access = new MapFile(Path.of("recipient_whitelist_check"), MapFormat.POSTFIX_ACCESS, new MapScope.ListAddresses());
        assertTrue(diff(access, before, after).get(0) instanceof KeyChange.Changed);
    }
}
