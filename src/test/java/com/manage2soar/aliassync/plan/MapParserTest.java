package com.manage2soar.aliassync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.manage2soar.aliassync.Legacy;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapParserTest {
    private final List<String> warnings = new ArrayList<>();

    private MapEntries parse(MapFormat format, String text) throws IOException {
        return MapParser.parse(format, new BufferedReader(new StringReader(text)), warnings::add);
    }

    @Test
    void readsTheOldScriptsVirtualFileWithItsHeaderAndSections() throws IOException {
        MapEntries entries;
        try (BufferedReader in = Files.newBufferedReader(Legacy.maps().resolve("postfix/virtual"))) {
            entries = MapParser.parse(MapFormat.POSTFIX_ALIASES, in, warnings::add);
        }
        assertEquals(30, entries.size());
        assertEquals("m0x6@mail6.example.net,m0x7@mail0.example.net", entries.byKey().get("instructors@c0000.example.org"));
        assertEquals("postmaster@example.org", entries.byKey().get("treasurer-bounces@c0002.example.org"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void readsRspamdListsIgnoringCommentsAndTheCommentedOutBypassLines() throws IOException {
        MapEntries bypass;
        try (BufferedReader in = Files.newBufferedReader(Legacy.maps().resolve("rspamd/bypass_lists.map"))) {
            bypass = MapParser.parse(MapFormat.RSPAMD_LIST, in, warnings::add);
        }
        assertEquals(Map.of("treasurer@c0000.example.org", "", "treasurer@c0001.example.org", "",
                "treasurer@c0002.example.org", ""), bypass.byKey());
    }

    @Test
    void continuationLinesRecipientSeparatorsAndCaseFoldAsPostfixDoes() throws IOException {
        MapEntries entries = parse(MapFormat.POSTFIX_ALIASES, """
                # comment
                Members@Club.org   b@y.com,  a@x.org
                    c@z.net
                  # an indented comment does not continue the entry
                \tD@w.org

                board@club.org a@x.org, a@x.org
                """);
        assertEquals(Map.of("members@club.org", "a@x.org,b@y.com,c@z.net,D@w.org", "board@club.org", "a@x.org"),
                entries.byKey());
    }

    @Test
    void duplicateKeysKeepTheFirstLikePostmapAndWarn() throws IOException {
        MapEntries entries = parse(MapFormat.POSTFIX_ACCESS, "a@x.org OK\nA@X.org REJECT\n");
        assertEquals(Map.of("a@x.org", "OK"), entries.byKey());
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void entriesItCannotHaveWrittenAreLeftOutAndReportedEscapedAndTheMapCountsAsDamaged() throws IOException {
        String endless = "x".repeat(MapParser.MAX_ENTRY + 10);
        String text = "ok@club.org a@x.org\n"
                + "caf\uFFFD@club.org b@x.org\n   c@x.org\n" // bytes that were not UTF-8, with a continuation
                + "nul@club.org d@x\0.org\n"
                + "long@club.org " + endless + "\n"
                + "grown@club.org e@x.org\n " + endless + "\n"
                + "after@club.org f@x.org\n";
        MapParser.Parsed parsed = MapParser.read(MapFormat.POSTFIX_ALIASES, new StringReader(text), warnings::add);

        assertEquals(Map.of("ok@club.org", "a@x.org", "after@club.org", "f@x.org"), parsed.entries().byKey());
        assertEquals(4, parsed.damagedEntries());
        assertEquals(List.of(
                "line 2: an entry with bytes that are not UTF-8 is left out and the file rewritten: 'caf\\ufffd@club.org b@x.org'",
                "line 4: an entry with a NUL byte is left out and the file rewritten: 'nul@club.org d@x\\u0000.org'",
                "line 5: an entry with more than 4194304 characters is left out and the file rewritten: 'long@club.org "
                        + "x".repeat(66) + "…'",
                "line 6: an entry with more than 4194304 characters is left out and the file rewritten: 'grown@club.org e@x.org'"),
                warnings);
    }

    @Test
    void accessValuesAreKeptWhole() throws IOException {
        assertEquals(Map.of("spam@x.org", "REJECT go away"), parse(MapFormat.POSTFIX_ACCESS, "spam@x.org   REJECT go away \n").byKey());
    }

    @Test
    void whitespaceIsJavasForEveryCharacter() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            assertEquals(Character.isWhitespace(c), MapParser.isWhitespace(c), "U+" + Integer.toHexString(c));
        }
    }
}
