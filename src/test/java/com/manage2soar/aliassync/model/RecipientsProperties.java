package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast path for values we wrote ourselves agrees with the general one, whatever the layout. */
class RecipientsProperties {

    @Provide
    Arbitrary<List<String>> recipients() {
        return Arbitraries.strings().withChars("aAbBzZ.-_0@").ofMinLength(1).ofMaxLength(6).list().ofMaxSize(8);
    }

    @Property(tries = 1000)
    void canonicalIsSortedCaseInsensitiveDeduplicatedAndStable(@ForAll("recipients") List<String> recipients,
            @ForAll long seed) {
        TreeSet<String> expected = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        List<String> shuffled = new ArrayList<>(recipients);
        Collections.shuffle(shuffled, new Random(seed));
        // Postfix reads "a, b c,d": commas and/or whitespace.
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < shuffled.size(); i++) {
            value.append(i == 0 ? "" : List.of(",", ", ", " ", ",\t").get(i % 4)).append(shuffled.get(i));
        }
        String canonical = Recipients.canonical(value.toString());
        // The first spelling of case-variants wins; compare case-insensitively after de-duplication.
        expected.addAll(canonical.isEmpty() ? List.of() : List.of(canonical.split(",")));
        TreeSet<String> input = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        input.addAll(recipients);
        assertEquals(String.join(",", input).toLowerCase(), canonical.toLowerCase());
        assertEquals(String.join(",", expected), canonical);
        assertTrue(Recipients.isCanonical(canonical));
        assertSame(canonical, Recipients.canonical(canonical), "canonical values are returned as they are");
        assertEquals(input.size(), Recipients.count(canonical));
    }
}
