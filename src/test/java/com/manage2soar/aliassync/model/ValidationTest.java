package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a@x.org", "first.last+tag@Sub.Example.ORG", "o'brien@x.co.uk", "a_b-c@x-y.org", "  a@x.org\n"})
    void acceptsOrdinaryAddressesAndLowerCasesTheDomainOnly(String raw) {
        EmailAddress address = EmailAddress.parse(raw);
        assertEquals(raw.strip().substring(0, raw.strip().indexOf('@')), address.local());
        assertEquals(address.domain().toLowerCase(), address.domain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a@", "@x.org", "a@@x.org", "a@b@x.org", "a@localhost", "a b@x.org",
            "a@x.org\nspam@evil.test  OK", "y@z.org\r\nx", "a\u0000@x.org", "\"quoted\"@x.org", "a,b@x.org",
            "a#b@x.org", "a:b@x.org", "a;b@x.org", "<a@x.org>", "a(b)@x.org", "a[b]@x.org", "a\\b@x.org",
            ".a@x.org", "a.@x.org", "a..b@x.org", "a@x..org", "a@.x.org", "a@x.org.", "a@-x.org", "a@x_.org#",
            "ü@x.org", "a@bücher.de", "a\t@x.org"})
    void rejectsAddressesThatCouldBreakOrExtendAMap(String raw) {
        assertThrows(InvalidValueException.class, () -> EmailAddress.parse(raw));
    }

    @org.junit.jupiter.api.Test
    void acceptsAddressesUpTo254CharactersAndNoLonger() {
        String address = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".org";
        assertEquals(254, EmailAddress.parse(address).toString().length());
        assertThrows(InvalidValueException.class, () -> EmailAddress.parse("a" + address));
    }

    @org.junit.jupiter.api.Test
    void anInvalidAddressIsReportedWhereverItIs() {
        List<String> dropped = new ArrayList<>();
        ClubLists lists = ClubLists.validate("c", new ApiLists(
                Map.of("members", List.of("a@x.org", "bad"), "board", List.of("bad", "A@x.org")),
                List.of("bad", "a@x.org"), List.of()), d -> dropped.add(d.where()));
        assertEquals(List.of("list board", "list members", "whitelist"), dropped.stream().sorted().toList());
        assertEquals("[a@x.org]", lists.lists().get(new ListName("members")).toString());
        assertEquals("[A@x.org]", lists.lists().get(new ListName("board")).toString());
        assertEquals("[a@x.org]", lists.whitelist().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"members", "operations-team", "board.2025", "a+b", "x_y", "9lives"})
    void acceptsListNames(String raw) {
        assertEquals(raw, new ListName(raw).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Members", "two words", "new\nline", "#hash", "a#b", "a@b", "a,b", "a:b", "a/b",
            "..", "../etc", "a..b", "-lead", ".hidden", "trail.", "ünïcode", "tab\t", "semi;colon"})
    void rejectsHostileListNames(String raw) {
        assertThrows(InvalidValueException.class, () -> new ListName(raw));
    }

    @org.junit.jupiter.api.Test
    void rejectsListNamesOver64Characters() {
        new ListName("a".repeat(64));
        assertThrows(InvalidValueException.class, () -> new ListName("a".repeat(65)));
    }
}
