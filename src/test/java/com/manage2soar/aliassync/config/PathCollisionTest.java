package com.manage2soar.aliassync.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 10.2: two keys naming one file are refused at load, naming both keys, before anything is written. */
class PathCollisionTest {
    @TempDir
    Path dir;

    @BeforeEach
    void directories() throws IOException {
        Files.createDirectories(dir.resolve("postfix"));
        Files.createDirectories(dir.resolve("rspamd"));
    }

    private Path config(String extra) throws IOException {
        String yaml = """
                postfix_virtual_file: %1$s/postfix/virtual
                postfix_whitelist_file: %1$s/postfix/sender_whitelist
                postfix_recipient_check_file: %1$s/postfix/recipient_whitelist_check
                rspamd_whitelist_dir: %1$s/rspamd
                lock_file: %1$s/lock
                state_dir: %1$s/state
                metrics_file: %1$s/metrics.prom
                clubs:
                  - { prefix: ssc, domains: [ssc.example.org], api_url: 'file:%1$s/ssc.json' }
                """.formatted(dir);
        // A later key of the same name wins nowhere (duplicates are refused): drop the default line it replaces.
        for (String line : extra.lines().toList()) {
            String key = line.substring(0, line.indexOf(':') + 1);
            yaml = yaml.lines().filter(l -> !l.startsWith(key)).reduce("", (a, b) -> a + b + "\n");
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, extra.replace("DIR", dir.toString()) + (extra.isEmpty() || extra.endsWith("\n") ? "" : "\n") + yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private String refused(String extra) throws IOException {
        Path file = config(extra);
        String before = Files.readString(file);
        String message = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file)).getMessage();
        assertEquals(before, Files.readString(file), "the config must be untouched");
        return message;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lock_file: DIR/config.yml | the config file itself | lock_file",
        "metrics_file: DIR/config.yml | the config file itself | metrics_file",
        "postfix_whitelist_file: DIR/postfix/virtual | postfix_virtual_file | postfix_whitelist_file",
        "metrics_file: DIR/postfix/virtual.db | metrics_file | postfix_virtual_file's index virtual.db",
        "lock_file: DIR/postfix/.virtual.m2s-new | lock_file | postfix_virtual_file's temporary file .virtual.m2s-new",
        "lock_file: DIR/postfix/.sender_whitelist.m2s-commit | lock_file | postfix_whitelist_file's temporary file .sender_whitelist.m2s-commit",
        "postfix_recipient_check_file: DIR/postfix/sender_whitelist.db | postfix_whitelist_file's index sender_whitelist.db | postfix_recipient_check_file",
        "postfix_virtual_file: DIR/rspamd/ssc_whitelist.map | postfix_virtual_file | rspamd_whitelist_dir (club ssc)",
        "lock_file: DIR/rspamd/bypass_lists.map | lock_file | rspamd_whitelist_dir (bypass_lists.map)",
        "metrics_file: DIR/lock | lock_file | metrics_file",
        "lock_file: DIR/.metrics.prom.m2s-new | lock_file | metrics_file's temporary file",
        "lock_file: DIR/state/state | lock_file | state_dir's state file",
        "postfix_virtual_file: DIR/state/.state.m2s-new | state_dir's temporary file | postfix_virtual_file",
    })
    void twoKeysNamingOneFileAreRefusedNamingBoth(String line, String first, String second) throws IOException {
        String message = refused(line);
        assertTrue(message.contains(first + " and " + second + " are the same file"), message);
        assertTrue(message.startsWith(dir.resolve("config.yml") + ": "), message);
    }

    @Test
    void theIndexFollowsTheMapType() throws IOException {
        String message = refused("map_type: lmdb\nmetrics_file: DIR/postfix/virtual.lmdb\n");
        assertTrue(message.contains("metrics_file and postfix_virtual_file's index virtual.lmdb"), message);
        Path texthash = config("map_type: texthash\nmetrics_file: DIR/postfix/virtual.db\n");
        assertDoesNotThrow(() -> new ConfigLoader(Map.of()).load(texthash), "texthash has no index");
    }

    @Test
    void aSymlinkedDirectoryIsSeenThrough() throws IOException {
        Files.createSymbolicLink(dir.resolve("maps"), dir.resolve("postfix"));
        String message = refused("postfix_whitelist_file: DIR/maps/../maps/virtual\n");
        assertTrue(message.contains("postfix_virtual_file and postfix_whitelist_file are the same file"), message);
    }

    @Test
    void aSymlinkToTheConfigIsSeenThrough() throws IOException {
        Files.createSymbolicLink(dir.resolve("lock-link"), dir.resolve("config.yml"));
        String message = refused("lock_file: DIR/lock-link\n");
        assertTrue(message.contains("the config file itself and lock_file are the same file"), message);
    }

    @Test
    void distinctPathsLoad() throws IOException {
        Path file = config("");
        assertDoesNotThrow(() -> new ConfigLoader(Map.of()).load(file));
    }
}
