package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class CaseFoldProperties {
    @Property(tries = 2000)
    void ordersAsciiAsCaseInsensitiveOrderDoes(@ForAll("ascii") char a, @ForAll("ascii") char b) {
        assertEquals(Integer.signum(String.CASE_INSENSITIVE_ORDER.compare(String.valueOf(a), String.valueOf(b))),
                Integer.signum(CaseFold.compare(a, b)), (int) a + " vs " + (int) b);
    }

    @Property(tries = 5000)
    void foldsOnlyAsciiLettersSoNoOtherCharacterEqualsAnotherOne(@ForAll char a, @ForAll char b) {
        boolean sameLetter = Ascii.lower(a) == Ascii.lower(b);
        assertEquals(sameLetter, CaseFold.compare(a, b) == 0, (int) a + " vs " + (int) b);
    }

    @Property(tries = 2000)
    void aCharacterThatUnicodeFoldsIntoAsciiStaysApart(@ForAll("foldingIntoAscii") char c, @ForAll("ascii") char a) {
        assertNotEquals(0, CaseFold.compare(c, a), (int) c + " vs " + a);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Character> ascii() {
        return net.jqwik.api.Arbitraries.chars().range(' ', '~');
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Character> foldingIntoAscii() {
        return net.jqwik.api.Arbitraries.of(UnicodeFoldProperties.FOLDS_INTO_ASCII);
    }
}
