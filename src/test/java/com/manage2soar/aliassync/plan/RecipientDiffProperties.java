package com.manage2soar.aliassync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.manage2soar.aliassync.model.Recipients;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The one-pass difference says what the difference of the two values as sets (A-Z folded) says, in order. */
class RecipientDiffProperties {

    @Provide
    Arbitrary<List<String>> recipients() {
        return Arbitraries.strings().withChars("aAbBzZ.-_0@").ofMinLength(1).ofMaxLength(5).list().ofMaxSize(10);
    }

    @Property(tries = 1000)
    void isTheDifferenceOfTheTwoValuesAsSets(@ForAll("recipients") List<String> before,
            @ForAll("recipients") List<String> added, @ForAll boolean upperCaseKept, @ForAll boolean spaced) {
        // after: some of before (in another case, if asked), then the new ones; written in Postfix's looser layout.
        List<String> kept = before.stream().filter(r -> r.length() % 2 == 0)
                .map(r -> upperCaseKept ? r.toUpperCase(Locale.ROOT) : r).toList();
        List<String> after = new ArrayList<>(kept);
        after.addAll(added);
        String separator = spaced ? " , " : ",";
        RecipientDiff diff = RecipientDiff.of(Recipients.canonical(String.join(separator, before)),
                Recipients.canonical(String.join(separator, after)));

        TreeSet<String> was = new TreeSet<>(Recipients.ORDER);
        was.addAll(before);
        TreeSet<String> is = new TreeSet<>(Recipients.ORDER);
        is.addAll(after);
        assertEquals(is.stream().filter(r -> !was.contains(r)).toList(), diff.added(), before + " -> " + after);
        assertEquals(was.stream().filter(r -> !is.contains(r)).toList(), diff.removed(), before + " -> " + after);
    }
}
