package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Addresses sort as their text does case-insensitively: the order that makes rendered recipients
 * canonical (see {@link Recipients}), whatever the case and wherever the '@' falls.
 */
class EmailAddressOrderProperties {

    @Provide
    Arbitrary<EmailAddress> addresses() {
        // Characters on both sides of '@' (0x40) and of the letters, in both cases; short, so that pairs often
        // share a prefix or differ only in case or in where the local part ends.
        Arbitrary<String> local = Arbitraries.strings().withChars("aAbB?_~+-=0!").ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> label = Arbitraries.strings().withChars("aAbB_-0").ofMinLength(1).ofMaxLength(3)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        return Combinators.combine(local, label, label).as((l, a, b) -> new EmailAddress(l, a + "." + b));
    }

    @Property(tries = 3000)
    void ordersAsTheTextCaseInsensitively(@ForAll("addresses") EmailAddress a, @ForAll("addresses") EmailAddress b) {
        assertEquals(Integer.signum(a.toString().compareToIgnoreCase(b.toString())), Integer.signum(a.compareTo(b)),
                a + " vs " + b);
    }
}
