package com.manage2soar.aliassync;

import static com.manage2soar.aliassync.SyncIntegrationTest.postmapQuery;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.apply.SystemCommandRunnerTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10's points on the packaged launcher, as a process: {@link HostileRun}'s two {@code file:} clubs
 * (c1 empty, c2 with a members list), maps indexed by the real postmap, a reload script that counts its
 * calls and dumps its environment, and the API key in {@code M2S_API_KEY} as a cron line would set it.
 * A run that hangs fails the test at its preemptive timeout instead of hanging the build.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileImageIT {
    static final String ENV_KEY = "env-k3y-7f3a9c21";
    static final String MEMBERS = "a@mail.example.net,b@mail.example.net";

    HostileRun job;
    Path virtual;

    @BeforeEach
    void setUp() throws Exception {
        assertTrue(Files.isExecutable(ImageIT.LAUNCHER), "no " + ImageIT.LAUNCHER + ": run ./mvnw package first");
        job = new HostileRun("");
        virtual = job.dir.resolve("postfix/virtual");
        script("postmap", "exec " + SyncIntegrationTest.POSTMAP + " -c " + SyncIntegrationTest.postfixConfig() + " \"$@\"");
        script("reload", "env > " + job.dir.resolve("reload.env") + "\necho reload >> " + job.dir.resolve("reload.calls"));
        edit("map_type: texthash", "map_type: hash");
        edit("reload_command: []", "reload_command: [" + job.dir.resolve("bin/reload") + "]");
    }

    /** A run that outlived the test's timeout, and a background child the reload left behind, go with it. */
    @AfterEach
    void cleanUp() throws Exception {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        Path pid = job.dir.resolve("bg.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
        job.close();
    }

    /** Issue 10.1. */
    @Test
    void aReloadThatHangsWithABackgroundChildIsKilledAtItsLimitAndNeverSeesTheKey() throws Exception {
        Path reload = job.dir.resolve("bin/reload");
        Path pid = job.dir.resolve("bg.pid");
        script("reload", "env > " + job.dir.resolve("reload.env") + "\n(sleep 1000 & echo $! > " + pid + ")\nexec sleep 1000");
        edit("lock_file:", "reload_timeout_seconds: 1\nlock_file:");

        ImageIT.Result run = launch();

        assertEquals(71, run.code(), run.stderr());
        assertTrue(run.stderr().contains("reload command [" + reload + "]: " + reload + " did not finish within 1 s: "
                + "killed with every process it started (reload_timeout_seconds = 1)"), run.stderr());
        long background = Long.parseLong(Files.readString(pid).strip());
        for (int i = 0; i < 50 && SystemCommandRunnerTest.running(background); i++) {
            Thread.sleep(20);
        }
        assertFalse(SystemCommandRunnerTest.running(background), "the reload's background child still runs");
        String env = Files.readString(job.dir.resolve("reload.env"));
        assertTrue(env.contains("PATH="), env);
        assertFalse(env.contains(ENV_KEY) || env.contains("M2S_"), "the reload got the key: " + env);
        assertEquals(MEMBERS, postmapQuery(virtual, "members@c2.example.org"), "the new maps are in place");
    }

    /** Issue 10.2. */
    @Test
    void aLockFileThatIsTheConfigIsRefusedNamingBothAndTheConfigKeptByteForByte() throws Exception {
        edit("lock_file: " + job.dir.resolve("lock"), "lock_file: " + job.config);
        byte[] config = Files.readAllBytes(job.config);

        ImageIT.Result run = launch();

        assertEquals(78, run.code(), run.stderr());
        assertTrue(run.stderr().contains("the config file itself and lock_file are the same file"), run.stderr());
        assertArrayEquals(config, Files.readAllBytes(job.config), "the config was written");
        assertEquals(List.of(), job.maps(), "nothing written");
    }

    /** Issue 10.3: an unquoted {@code *token} is a YAML alias; a {@code !!float} tag cannot build a float from text. */
    @Test
    void aYamlAliasOrAnUnbuildableTagIsAConfigErrorThatNeverEchoesTheValue() throws Exception {
        String yaml = Files.readString(job.config);
        List<List<String>> cases = List.of(
                List.of("reload_command: [" + job.dir.resolve("bin/reload") + "]", "reload_command: *oops-b7e1d4"),
                List.of("admin_email: postmaster@example.org", "admin_email: !!float postmaster-b7e1d4"));
        for (List<String> hostile : cases) {
            Files.writeString(job.config, yaml);
            edit(hostile.get(0), hostile.get(1));

            ImageIT.Result run = launch();

            assertEquals(78, run.code(), hostile.get(1) + ": " + run.stderr());
            assertTrue(run.stderr().contains(job.config + ":"), run.stderr());
            assertTrue(run.stderr().contains(": not valid YAML: "), run.stderr());
            assertFalse((run.stdout() + run.stderr()).contains("b7e1d4"), "the value echoed: " + run.stderr());
        }
    }

    /** Issue 10.4, with -v: every planned entry is logged too. */
    @Test
    void aHostileListNameForgesNoLineHoldsNoControlCharacterAndTheKeyIsNowhere() throws Exception {
        job.answer("c1", "{\"lists\": {\"x\\r\\n2026-01-01T00:00:00Z ERROR forged\": [\"a@mail.example.net\"],"
                + " \"caf\\u00e9\\u001b[2J\\u0007\": [\"b\\r\\n@x.org\"],"
                + " \"X-API-Key: 5f0c1e2d-look-alike\": [\"a@mail.example.net\"],"
                + " \"board\": [\"a@mail.example.net\"]}}");

        ImageIT.Result run = launch("-v");

        assertEquals(0, run.code(), run.stderr());
        assertTrue(run.stderr().contains("x\\u000d\\u000a2026-01-01T00:00:00Z ERROR forged"), run.stderr());
        assertTrue(run.stderr().contains("caf\\u00e9\\u001b[2J\\u0007"), run.stderr());
        for (String line : (run.stdout() + run.stderr()).split("\n", -1)) {
            assertFalse(line.startsWith("2026-01-01"), "a forged line: " + line);
            assertTrue(line.chars().allMatch(c -> c >= ' ' && c < 0x7f), "a raw control character in: " + line);
            assertFalse(line.contains(ENV_KEY) || line.contains(HostileRun.KEY), "the key in: " + line);
        }
        assertEquals("a@mail.example.net", postmapQuery(virtual, "board@c1.example.org"));
    }

    /** Issue 10.5. */
    @Test
    void aVirtualMapWithAByteThatIsNotUtf8IsRewrittenWithTheDesiredEntries() throws Exception {
        ImageIT.Result first = launch();
        assertEquals(0, first.code(), first.stderr());
        byte[] good = Files.readAllBytes(virtual);
        var damaged = new ByteArrayOutputStream();
        damaged.write(good);
        damaged.write("caf\u00e9@c2.example.org  x@y.example\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(virtual, damaged.toByteArray());

        ImageIT.Result run = launch();

        assertEquals(0, run.code(), run.stderr());
        assertTrue(run.stderr().contains(": an entry with bytes that are not UTF-8 is left out and the file rewritten: "
                + "'caf\\ufffd@c2.example.org  x@y.example'"), run.stderr());
        assertArrayEquals(good, Files.readAllBytes(virtual));
        assertEquals(MEMBERS, postmapQuery(virtual, "members@c2.example.net"));
        assertEquals("postmaster@example.org", postmapQuery(virtual, "members-bounces@c2.example.org"));
    }

    /** Issue 10.7: written through to the link's target, the link kept, the index beside the link. */
    @Test
    void aMapThatIsASymbolicLinkIsWrittenThroughAndTheLinkKept() throws Exception {
        Path managed = Files.createDirectories(job.dir.resolve("managed"));
        Path target = Files.writeString(managed.resolve("virtual-text"), "old@c2.example.org  x@y.example\n");
        Files.createSymbolicLink(virtual, Path.of("../managed/virtual-text"));

        ImageIT.Result run = launch();

        assertEquals(0, run.code(), run.stderr());
        assertEquals(Path.of("../managed/virtual-text"), Files.readSymbolicLink(virtual));
        String text = Files.readString(target);
        assertTrue(text.contains("members@c2.example.org  " + MEMBERS + "\n"), text);
        assertFalse(text.contains("old@"), text);
        assertTrue(Files.isRegularFile(job.dir.resolve("postfix/virtual.db"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(MEMBERS, postmapQuery(virtual, "members@c2.example.org"));
        assertEquals(null, postmapQuery(virtual, "old@c2.example.org"));
    }

    /**
     * Issue 10.9: the FIFO is never opened (that would block until the fetch deadline, long past the
     * test's timeout); the README's table gives 75 for one failed club and the others applied.
     */
    @Test
    void aFileSourceThatIsAFifoFailsThatClubAtOnceAndTheOthersAreApplied() throws Exception {
        Path fifo = job.dir.resolve("api/c1.json");
        Files.delete(fifo);
        ImageIT.exec(List.of("mkfifo", fifo.toString()));

        ImageIT.Result run = launch();

        assertEquals(75, run.code(), run.stderr());
        assertTrue(run.stderr().contains(fifo + ": not a regular file"), run.stderr());
        assertTrue(run.stderr().contains("club c1: FAILED"), run.stderr());
        assertEquals(MEMBERS, postmapQuery(virtual, "members@c2.example.org"));
        assertEquals(1, Files.readAllLines(job.dir.resolve("reload.calls")).size());
    }

    /** The launcher on the job's config, the key in its environment as a cron line or unit would set it. */
    ImageIT.Result launch(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("env", "M2S_API_KEY=" + ENV_KEY, ImageIT.LAUNCHER.toString(),
                "--config", job.config.toString()));
        argv.addAll(List.of(args));
        return ImageIT.launch(argv);
    }

    void edit(String from, String to) throws IOException {
        String yaml = Files.readString(job.config);
        assertTrue(yaml.contains(from), from);
        Files.writeString(job.config, yaml.replace(from, to));
    }

    void script(String name, String body) throws IOException {
        Path file = job.dir.resolve("bin").resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }
}
