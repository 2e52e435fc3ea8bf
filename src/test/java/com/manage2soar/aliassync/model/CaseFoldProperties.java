package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class CaseFoldProperties {
    @Property(tries = 5000)
    void ordersEveryCharacterAsCaseInsensitiveOrderDoes(@ForAll char a, @ForAll char b) {
        assertEquals(Integer.signum(String.CASE_INSENSITIVE_ORDER.compare(String.valueOf(a), String.valueOf(b))),
                Integer.signum(CaseFold.compare(a, b)), (int) a + " vs " + (int) b);
    }

    @Property(tries = 2000)
    void ordersAsciiAsCaseInsensitiveOrderDoes(@ForAll("ascii") char a, @ForAll("ascii") char b) {
        ordersEveryCharacterAsCaseInsensitiveOrderDoes(a, b);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Character> ascii() {
        return net.jqwik.api.Arbitraries.chars().range(' ', '~');
    }
}
