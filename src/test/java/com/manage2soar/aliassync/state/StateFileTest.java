package com.manage2soar.aliassync.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.report.MapTotals;
import com.manage2soar.aliassync.report.RunHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    @TempDir
    Path dir;

    private final Path config = Path.of("/etc/m2s-sync-aliases/config.yml");

    private RunState state() {
        return new RunState(Optional.of(config), Optional.of("ab12"), Map.of("ssc", "cd34", "mlg", "ef56"), true,
                Map.of(Path.of("/etc/rspamd/local.d/whitelists/ssc_whitelist.map"), "ssc",
                        Path.of("/etc/postfix/vir tual=odd:name"), RunState.SHARED),
                new RunHistory(Map.of("ssc", 3, "mlg", 0), Optional.of(Instant.parse("2026-12-01T10:15:30.123Z")),
                        Optional.of(new MapTotals(Map.of("virtual", 30, "sender_whitelist", 27), 57, 2, Map.of("ssc", 1)))));
    }

    @Test
    void whatIsSavedIsLoadedBackWhole() throws Exception {
        StateFile file = new StateFile(dir.resolve("state-dir"), config);
        file.save(state());
        assertEquals(state(), file.load());
        try (var entries = Files.list(dir.resolve("state-dir"))) {
            assertEquals(java.util.List.of(dir.resolve("state-dir/state")), entries.toList(), "no temporary file left");
        }
    }

    @Test
    void noFileIsNoState() {
        assertEquals(RunState.NONE, new StateFile(dir, config).load());
    }

    @Test
    void aCorruptFileIsNoStateButOwesAReload() throws Exception {
        for (String text : new String[] {"", "garbage", "format=1\nreload_pending=maybe\n", "format=2\nreload_pending=false\n",
                "format=1\nreload_pending=false\nfailures.ssc=many\n", "format=1\nreload_pending=false\nlast_success=yesterday\n"}) {
            Files.writeString(dir.resolve("state"), text);
            assertEquals(RunState.NONE.withReloadPending(true), new StateFile(dir, config).load(), text);
        }
    }

    @Test
    void aFileOfBytesThatAreNotUtf8IsCorruptAndOwesAReload() throws Exception {
        // Never written by the job (it writes UTF-8): a disk error, say, in a file that may have owed a reload.
        Files.write(dir.resolve("state"), new byte[] {'f', 'o', 'r', 'm', 'a', 't', '=', '1', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(RunState.NONE.withReloadPending(true), new StateFile(dir, config).load());
    }

    @Test
    void theStateOfAnotherConfigIsNotUsed() throws Exception {
        new StateFile(dir, Path.of("/etc/m2s-sync-aliases/staging.yml")).save(state());
        assertEquals(RunState.NONE, new StateFile(dir, config).load());
    }

    @Test
    void aStateDirectoryThatCannotBeMadeSaysSo() throws Exception {
        Files.writeString(dir.resolve("file"), "");
        ApplyException e = assertThrows(ApplyException.class, () -> new StateFile(dir.resolve("file/state-dir"), config)
                .save(state()));
        assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("file/state-dir/state")), e.getMessage());
        assertEquals(ApplyException.Kind.WRITE, e.kind());
    }
}
