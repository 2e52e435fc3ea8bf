package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A club's lists were TreeSets: the array-backed set must hold, order and look up the same elements. */
class SortedArraySetProperties {
    /** Few distinct addresses in several spellings, so that many compare equal without being the same. */
    @Provide
    Arbitrary<List<EmailAddress>> addresses() {
        return Arbitraries.strings().withChars('a', 'A', 'b', 'B').ofMinLength(1).ofMaxLength(3)
                .map(local -> EmailAddress.parse(local + "@x.org")).list().ofMaxSize(20);
    }

    @Property(tries = 300)
    void holdsWhatATreeSetHolds(@ForAll("addresses") List<EmailAddress> values,
            @ForAll("addresses") List<EmailAddress> probes) {
        TreeSet<EmailAddress> tree = new TreeSet<>(values);
        SortedSet<EmailAddress> array = SortedArraySet.of(values);
        assertEquals(List.copyOf(tree), List.copyOf(array));
        List<EmailAddress> treeOrder = new ArrayList<>(tree);
        List<EmailAddress> arrayOrder = new ArrayList<>(array);
        for (int i = 0; i < treeOrder.size(); i++) {
            assertSame(treeOrder.get(i), arrayOrder.get(i)); // the first spelling given is the one kept
        }
        assertEquals(tree, array);
        assertEquals(array, tree);
        assertEquals(tree.hashCode(), array.hashCode());
        if (!tree.isEmpty()) {
            assertSame(tree.first(), array.first());
            assertSame(tree.last(), array.last());
        }
        for (EmailAddress probe : probes) {
            assertEquals(tree.contains(probe), array.contains(probe));
            assertEquals(List.copyOf(tree.headSet(probe)), List.copyOf(array.headSet(probe)));
            assertEquals(List.copyOf(tree.tailSet(probe)), List.copyOf(array.tailSet(probe)));
            EmailAddress upper = probes.get(0);
            if (probe.compareTo(upper) <= 0) {
                assertEquals(List.copyOf(tree.subSet(probe, upper)), List.copyOf(array.subSet(probe, upper)));
                assertEquals(List.copyOf(tree.tailSet(probe).headSet(upper)),
                        List.copyOf(array.tailSet(probe).headSet(upper)));
            }
        }
    }

    @Property(tries = 300)
    void sortedByRankItHoldsWhatItHoldsSortedByComparison(@ForAll("addresses") List<EmailAddress> pool,
            @ForAll List<@IntRange(max = 100) Integer> picks) {
        Assume.that(!pool.isEmpty());
        var ranked = SortedArraySet.ranked(pool);
        List<EmailAddress> values = picks.stream().map(i -> pool.get(i % pool.size())).toList();
        List<EmailAddress> expected = List.copyOf(SortedArraySet.of(values));
        List<EmailAddress> actual = List.copyOf(ranked.apply(values));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), actual.get(i)); // the same spelling kept: the first given
        }
    }

    @Property(tries = 50)
    void cannotBeChanged(@ForAll("addresses") List<EmailAddress> values) {
        SortedSet<EmailAddress> array = SortedArraySet.of(values);
        assertThrows(UnsupportedOperationException.class, () -> array.add(EmailAddress.parse("c@x.org")));
        if (!array.isEmpty()) {
            assertThrows(UnsupportedOperationException.class, array::clear);
        }
    }
}
