package com.manage2soar.aliassync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.model.MapType;
import com.manage2soar.aliassync.plan.CurrentMap;
import com.manage2soar.aliassync.plan.MapReader;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.MapText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a map: the text we wrote is recognised without parsing; anything else is parsed. */
class MapStoreReadTest {
    @TempDir
    Path dir;

    MapFile file;
    MapEntries wanted;
    String text;
    /** Reading runs no command: there is no Postfix to run one. */
    final MapStore store = new MapStore(MapType.TEXTHASH, null);

    @BeforeEach
    void setUp() {
        file = new MapFile(dir.resolve("virtual"), MapFormat.POSTFIX_ALIASES, new MapScope.ListAddresses());
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < 3000; i++) { // several buffers' worth of text
            entries.put("list" + i + "@club.example.org", "a" + i + "@x.example.net,b" + i + "@y.example.net");
        }
        wanted = new MapEntries(entries);
        text = MapText.toString(file, wanted);
    }

    private CurrentMap readAfterWriting(String onDisk) throws Exception {
        Files.writeString(file.path(), onDisk);
        MapReader reader = store::read;
        return reader.readWhole(new DesiredMap(file, wanted));
    }

    @Test
    void theTextWeWouldWriteIsTakenAsTheWantedEntriesThemselves() throws Exception {
        assertSame(wanted, readAfterWriting(text).entries());
    }

    @Test
    void aFileThatSaysMoreIsParsed() throws Exception {
        CurrentMap read = readAfterWriting(text + "extra@club.example.org  z@z.example.net\n");
        assertEquals(wanted.size() + 1, read.entries().size());
        assertEquals("z@z.example.net", read.entries().byKey().get("extra@club.example.org"));
    }

    @Test
    void aFileThatSaysLessIsParsed() throws Exception {
        String cut = text.substring(0, text.lastIndexOf('\n', text.length() - 2) + 1);
        assertEquals(wanted.size() - 1, readAfterWriting(cut).entries().size());
    }

    @Test
    void aFileThatDiffersInOneCharacterIsParsed() throws Exception {
        CurrentMap read = readAfterWriting(text.replace("a2999@x.example.net", "a2999@q.example.net"));
        assertEquals("a2999@q.example.net,b2999@y.example.net", read.entries().byKey().get("list2999@club.example.org"));
    }

    @Test
    void theSameEntriesSpeltDifferentlyAreParsedToEqualEntries() throws Exception {
        CurrentMap read = readAfterWriting("# written by hand\n" + text.replace(",", ", "));
        assertNotSame(wanted, read.entries());
        assertEquals(wanted, read.entries());
    }
}
