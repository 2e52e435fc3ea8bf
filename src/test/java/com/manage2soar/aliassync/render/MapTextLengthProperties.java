package com.manage2soar.aliassync.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * MapStore compares a file with the desired text only when its size is {@link MapText#length}: for the ASCII text of
 * every rendered map, that must be the written size in bytes, exactly.
 */
class MapTextLengthProperties {
    private static final List<MapFile> FILES = List.of(
            new MapFile(Path.of("/m/virtual"), MapFormat.POSTFIX_ALIASES, new MapScope.ListAddresses()),
            new MapFile(Path.of("/m/senders"), MapFormat.POSTFIX_ACCESS, new MapScope.AllClubs()),
            new MapFile(Path.of("/m/bypass.map"), MapFormat.RSPAMD_LIST, new MapScope.ListAddresses()),
            new MapFile(Path.of("/m/c_whitelist.map"), MapFormat.RSPAMD_LIST, new MapScope.OneClub("c")));

    /** ASCII, as every rendered map is, '@' often, as in keys. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of("@", "a", "Z", ".", ",", " ", "#"),
                Arbitraries.chars().range((char) 0, (char) 0x7f).map(String::valueOf));
        return piece.list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Property(tries = 300)
    void lengthIsTheSizeOfTheWrittenText(@ForAll("entries") Map<String, String> entries) {
        for (MapFile file : FILES) {
            MapEntries map = new MapEntries(entries);
            assertEquals(MapText.toString(file, map).getBytes(StandardCharsets.UTF_8).length, MapText.length(file, map),
                    file.name());
        }
    }

    @Provide
    Arbitrary<Map<String, String>> entries() {
        return Arbitraries.maps(text(), text()).ofMaxSize(8);
    }
}
