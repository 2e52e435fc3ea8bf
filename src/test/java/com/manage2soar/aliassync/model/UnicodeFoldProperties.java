package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every character is judged before anything is folded: a character outside the allowed ASCII set is refused
 * wherever it stands, even when Unicode case mapping would turn it into an allowed one (U+212A KELVIN SIGN
 * lower-cases to 'k', U+017F LONG S upper-cases to 'S', U+0130 lower-cases to "i\u0307").
 */
class UnicodeFoldProperties {
    private static final String ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** The characters outside ASCII whose upper, lower or title case, or the fold of either, is ASCII. */
    static final List<Character> FOLDS_INTO_ASCII = foldsIntoAscii();

    private static List<Character> foldsIntoAscii() {
        List<Character> found = new ArrayList<>();
        for (char c = 0x80; c < Character.MAX_VALUE; c++) {
            String s = String.valueOf(c);
            for (String mapped : List.of(s.toLowerCase(Locale.ROOT), s.toUpperCase(Locale.ROOT),
                    String.valueOf(Character.toTitleCase(c)), String.valueOf(Character.toLowerCase(Character.toUpperCase(c))),
                    s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT))) {
                if (mapped.chars().anyMatch(m -> m < 0x80)) {
                    found.add(c);
                    break;
                }
            }
        }
        return List.copyOf(found);
    }

    @Example
    void theCaseFoldingPairsIncludeTheKnownOnes() {
        assertTrue(FOLDS_INTO_ASCII.containsAll(List.of('\u212A', '\u017F', '\u0130', '\u0131', '\u00DF')),
                FOLDS_INTO_ASCII.toString());
    }

    @Provide
    Arbitrary<Character> foldingIntoAscii() {
        return Arbitraries.of(FOLDS_INTO_ASCII);
    }

    @Provide
    Arbitrary<String> allowedWord() {
        return Arbitraries.strings().withChars(ALLOWED).ofMinLength(1).ofMaxLength(12);
    }

    @Property(tries = 3000)
    void aCharacterThatFoldsIntoAsciiIsRefusedWhereverItStands(@ForAll("foldingIntoAscii") char c,
            @ForAll("allowedWord") String word, @ForAll int at) {
        int i = Math.floorMod(at, word.length() + 1);
        String hostile = word.substring(0, i) + c + word.substring(i);
        assertThrows(InvalidValueException.class, () -> ListName.fold(hostile), hostile);
        assertThrows(InvalidValueException.class, () -> Domains.parse(hostile + ".example.org"), hostile);
        assertThrows(InvalidValueException.class, () -> EmailAddress.parse(hostile + "@example.org"), hostile);
        assertThrows(InvalidValueException.class, () -> EmailAddress.parse("a@" + hostile + ".example"), hostile);
        assertThrows(InvalidValueException.class, () -> Club.checkPrefix(hostile), hostile);
    }

    @Property(tries = 3000)
    void whatIsAcceptedIsTheInputWithOnlyAsciiLettersFolded(@ForAll char c, @ForAll("allowedWord") String word) {
        String raw = word + c;
        assertAcceptedOnlyAsSpelt(raw, r -> ListName.fold(r).value());
        assertAcceptedOnlyAsSpelt(raw + ".example.org", Domains::parse);
        assertAcceptedOnlyAsSpelt("a@" + raw + ".example.org", r -> EmailAddress.parse(r).domain());
    }

    /** Either refused, or accepted as {@code raw} with A-Z lower-cased and nothing else changed. */
    private static void assertAcceptedOnlyAsSpelt(String raw, Function<String, String> parse) {
        String accepted;
        try {
            accepted = parse.apply(raw);
        } catch (InvalidValueException e) {
            return;
        }
        assertFalse(raw.chars().anyMatch(ch -> ch >= 0x80 || ch < 0x20), "accepted " + Domains.escape(raw));
        String expected = raw.substring(raw.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        assertEquals(expected, accepted, Domains.escape(raw));
    }
}
