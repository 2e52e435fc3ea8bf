package com.manage2soar.aliassync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @ParameterizedTest
    @ValueSource(strings = {"Board", "BOARD", "board", "Safety-Officer"})
    void aListNameIsFoldedToLowerCaseAfterItsCharactersAreJudged(String raw) {
        assertEquals(raw.toLowerCase(java.util.Locale.ROOT), ListName.fold(raw).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u212Aelvin", "bo\u0130rd", "cla\u017Fs", "\u0131nstructors", "Ünïcode", "two words"})
    void aListNameWithACharacterThatOnlyFoldsIntoAsciiIsRefused(String raw) {
        assertThrows(InvalidValueException.class, () -> ListName.fold(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@\u212Aelvin.example", "alice@kelvin.ex\u0130mple", "alice@cla\u017Fs.example",
            "\u212Aelvin@example.org"})
    void anAddressIsJudgedBeforeItsDomainIsFoldedSoAKelvinSignIsDroppedNotWrittenAsK(String raw) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> EmailAddress.parse(raw));
        assertTrue(e.getMessage().contains("not allowed") || e.getMessage().contains("non-ASCII"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void listNamesThatFoldToOneMergeIntoOneListWithEveryMemberAndAWarningNamingBoth() {
        List<DroppedEntry> dropped = new ArrayList<>();
        ClubLists lists = ClubLists.validate("SSC", new ApiLists(
                Map.of("Board", List.of("alice@x.org", "Bob@X.org"), "board", List.of("erin@x.org", "bob@x.org")),
                List.of(), List.of("BOARD")), dropped::add);

        assertEquals(List.of(), dropped);
        assertEquals(List.of(new ListName("board")), List.copyOf(lists.lists().keySet()));
        assertEquals("[alice@x.org, Bob@x.org, erin@x.org]", lists.lists().get(new ListName("board")).toString());
        assertTrue(lists.isBypass(new ListName("board")));
        assertEquals(1, lists.merges().size());
        String warning = lists.merges().get(0).toString();
        assertTrue(warning.contains("club SSC") && warning.contains("'Board'") && warning.contains("'board'"), warning);
        assertEquals(0, lists.droppedLists());
    }

    @org.junit.jupiter.api.Test
    void aListNameStillInvalidAfterFoldingIsDroppedWarnedAndCountedForItsClub() {
        List<DroppedEntry> dropped = new ArrayList<>();
        ClubLists lists = ClubLists.validate("c", new ApiLists(Map.of("operations team", List.of("a@x.org"),
                "Board", List.of("a@x.org"), "\u212Aelvin", List.of("a@x.org")), List.of(), List.of()), dropped::add);

        assertEquals(List.of(new ListName("board")), List.copyOf(lists.lists().keySet()));
        assertEquals(List.of("operations team", "\u212Aelvin"), dropped.stream().map(DroppedEntry::value).sorted().toList());
        assertEquals(2, lists.droppedLists());
        assertTrue(dropped.get(0).toString().startsWith("club c, list name: dropped"), dropped.get(0).toString());
    }

    @org.junit.jupiter.api.Test
    void aListNamedLikeAGeneratedBounceAliasIsDroppedWhenAdminEmailIsSetAndTheGeneratedAliasWins() {
        ApiLists api = new ApiLists(Map.of("members", List.of("a@x.org"), "Members-Bounces", List.of("b@x.org"),
                "members-bounces-bounces", List.of("c@x.org"), "empty", List.of(), "empty-bounces", List.of("d@x.org")),
                List.of(), List.of());
        List<DroppedEntry> dropped = new ArrayList<>();

        ClubLists withAdmin = ClubLists.validate("c", api, true, dropped::add);
        ClubLists without = ClubLists.validate("c", api, d -> {});

        // members-bounces@ is the job's; once that list is gone, members-bounces-bounces@ is nobody's and stays; an
        // empty list gets no bounce alias, so a list named like it keeps its members.
        assertEquals(List.of("empty", "empty-bounces", "members", "members-bounces-bounces"),
                withAdmin.lists().keySet().stream().map(ListName::value).toList());
        assertEquals(1, withAdmin.droppedLists());
        assertTrue(dropped.get(0).toString().contains("members-bounces") && dropped.get(0).toString().contains("wins"),
                dropped.toString());
        assertEquals(5, without.lists().size());
        assertEquals(0, without.droppedLists());
    }
}
