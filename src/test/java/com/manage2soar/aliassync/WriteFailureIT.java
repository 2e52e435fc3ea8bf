package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The shipped launcher when the disk refuses a write: the previous maps stay byte for byte, no
 * temporary file is left, exit 73, and the log says what to fix. Without special privileges, so it
 * runs wherever the tests run: a file-size limit ({@code ulimit -f}, the same EFBIG/ENOSPC-style
 * failure in the middle of a write as a full disk) and a directory the job's user cannot write.
 */
class WriteFailureIT {
    private static final Path API = Path.of("src/test/resources/legacy/api").toAbsolutePath();

    private Path dir;

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        // Not @TempDir: its 0700 directory would lock out the unprivileged user below.
        dir = Path.of("target/write-failure-it", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        ImageIT.exec(List.of("rm", "-rf", dir.toString()));
        for (Path d : List.of(dir.getParent(), dir, dir.resolve("maps"), dir.resolve("run"))) {
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(dir.resolve("run"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("config.yml"), """
                postfix_virtual_file: %1$s/maps/virtual
                postfix_whitelist_file: %1$s/maps/sender_whitelist
                rspamd_whitelist_dir: %1$s/maps
                map_type: texthash
                reload_command: []
                lock_file: %1$s/run/lock
                state_dir: %1$s/run/state
                clubs:
                  - { prefix: c0000, domains: [c0000.example.org], api_url: 'file:%1$s/c0000.json' }
                  - { prefix: c0001, domains: [c0001.example.org], api_url: 'file:%2$s/c0001.json' }
                """.formatted(dir, API));
        Files.copy(API.resolve("c0000.json"), dir.resolve("c0000.json"));
        for (String file : List.of("config.yml", "c0000.json")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        ImageIT.Result first = run(List.of());
        assertEquals(0, first.code(), first.stderr());
    }

    private ImageIT.Result run(List<String> prefix) throws Exception {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(ImageIT.LAUNCHER.toString(), "--config", dir.resolve("config.yml").toString()));
        return ImageIT.launch(argv);
    }

    /** Club c0000's members list grows far beyond what the file-size limit lets the job write. */
    private void growClubData() throws IOException {
        StringBuilder members = new StringBuilder("\"members\": [");
        for (int i = 0; i < 5000; i++) {
            members.append("\"member").append(i).append("@mail.example.net\", ");
        }
        Path json = dir.resolve("c0000.json");
        Files.writeString(json, Files.readString(json).replace("\"members\": [", members));
    }

    private Map<String, String> maps() throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("maps"))) {
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return contents;
    }

    @Test
    void aWriteCutShortLeavesEveryPreviousMapAndExits73() throws Exception {
        Map<String, String> before = maps();
        growClubData();
        // 64 KiB: the old maps fit, the new virtual map (about 150 KiB) does not.
        ImageIT.Result run = run(List.of("bash", "-c", "ulimit -f 64 && exec \"$@\"", "limited"));
        assertEquals(73, run.code(), run.stderr());
        assertTrue(run.stderr().contains("cannot write " + dir.resolve("maps/virtual") + ": File too large"),
                run.stderr());
        assertTrue(run.stderr().contains("the previous map stays in place"), run.stderr());
        assertEquals(before, maps(), "every map as it was, and no temporary file left");

        ImageIT.Result unlimited = run(List.of());
        assertEquals(0, unlimited.code(), unlimited.stderr());
        assertTrue(maps().get("virtual").contains("member4999@mail.example.net"));
    }

    @Test
    void aMapDirectoryTheJobCannotWriteLeavesEveryPreviousMapAndExits73() throws Exception {
        Map<String, String> before = maps();
        growClubData();
        // As root every directory is writable: run as nobody, for whom root's 0755 maps/ is read-only,
        // and so is the lock file the first run left in run/.
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        ImageIT.Result locked = run(asNobody);
        assertEquals(73, locked.code(), locked.stderr());
        assertTrue(locked.stderr().contains("lock_file: cannot write " + dir.resolve("run/lock")
                + ": permission denied"), locked.stderr());

        Files.delete(dir.resolve("run/lock"));
        ImageIT.Result run = run(asNobody);
        assertEquals(73, run.code(), run.stderr());
        assertTrue(run.stderr().contains("cannot write " + dir.resolve("maps/")), run.stderr());
        assertTrue(run.stderr().contains("permission denied"), run.stderr());
        assertEquals(before, maps());
    }
}
