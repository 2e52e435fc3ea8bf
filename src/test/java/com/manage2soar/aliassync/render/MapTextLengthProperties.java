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

/** MapStore skips comparing a file whose size is not {@link MapText#length}: it must be the written size, exactly. */
class MapTextLengthProperties {
    private static final List<MapFile> FILES = List.of(
            new MapFile(Path.of("/m/virtual"), MapFormat.POSTFIX_ALIASES, new MapScope.ListAddresses()),
            new MapFile(Path.of("/m/senders"), MapFormat.POSTFIX_ACCESS, new MapScope.AllClubs()),
            new MapFile(Path.of("/m/bypass.map"), MapFormat.RSPAMD_LIST, new MapScope.ListAddresses()),
            new MapFile(Path.of("/m/c_whitelist.map"), MapFormat.RSPAMD_LIST, new MapScope.OneClub("c")));

    /** Well-formed text of any code points (a lone surrogate has no UTF-8 form), '@' often, as in keys. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> codePoint = Arbitraries.oneOf(
                Arbitraries.of("@", "a", "Z", ".", ",", "é", "€", "😀"),
                Arbitraries.integers().between(1, Character.MAX_CODE_POINT)
                        .filter(c -> !Character.isSurrogate((char) c.intValue()) || c > 0xFFFF)
                        .map(Character::toString));
        return codePoint.list().ofMaxSize(12).map(parts -> String.join("", parts));
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
