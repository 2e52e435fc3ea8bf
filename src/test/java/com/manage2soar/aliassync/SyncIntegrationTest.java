package com.manage2soar.aliassync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.api.HttpClients;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.apply.SystemCommandRunnerTest;
import com.manage2soar.aliassync.config.ConfigException;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.Reporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * The whole command in-process against WireMock and a temp directory, with the real postmap
 * (CI installs postfix; a missing postmap fails these tests, it never skips them).
 */
class SyncIntegrationTest {
    static final Path POSTMAP = Path.of("/usr/sbin/postmap");
    static final String KEY = "s3cret-key-4711";

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    Path config;
    String out;
    /** Everything the runs of this test logged: Main's error writer, as the log backend writes to it. */
    final StringWriter log = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(Files.isExecutable(POSTMAP), "postmap missing: apt-get install postfix");
        Files.createDirectories(dir.resolve("postfix"));
        Files.createDirectories(dir.resolve("rspamd"));
        // postmap and reload go through wrappers that log each call, so tests can count them;
        // postmap reads its own main.cf, which a machine without a configured Postfix lacks.
        script("postmap", "echo \"$@\" >> " + dir.resolve("postmap.calls") + "\nexec " + POSTMAP + " -c "
                + postfixConfig() + " \"$@\"");
        script("reload", "echo reload >> " + dir.resolve("reload.calls"));
        for (String prefix : Legacy.PREFIXES) {
            serve(prefix, okJson(resource("/legacy/api/" + prefix + ".json")));
        }
        config = writeConfig("");
    }

    private void script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    static String resource(String name) throws IOException {
        try (var in = SyncIntegrationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    void serve(String prefix, ResponseDefinitionBuilder response) {
        api.stubFor(get(urlEqualTo("/" + prefix + "/api/email-lists/"))
                .withHeader("X-API-Key", equalTo(KEY))
                .withHeader("Accept", equalTo("application/json"))
                .willReturn(response));
    }

    Path writeConfig(String extra) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                default_auth_token: "%s"
                postfix_virtual_file: %s/postfix/virtual
                postfix_whitelist_file: %s/postfix/sender_whitelist
                postfix_recipient_check_file: %s/postfix/recipient_whitelist_check
                rspamd_whitelist_dir: %s/rspamd
                admin_email: postmaster@example.org
                postmap_command: %s/postmap
                reload_command: [%s/reload]
                lock_file: %s/lock
                state_dir: %s/state
                http: { connect_timeout_seconds: 2, request_timeout_seconds: 2, retries: 1 }
                """.formatted(KEY, dir, dir, dir, dir, dir, dir, dir, dir));
        yaml.append(extra).append("clubs:\n");
        for (String prefix : Legacy.PREFIXES) {
            yaml.append("  - prefix: ").append(prefix).append("\n    domains: [").append(prefix)
                    .append(".example.org]\n    api_url: http://127.0.0.1:").append(api.getPort()).append('/')
                    .append(prefix).append("/api/email-lists/\n");
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    int run(String... args) {
        return run(CommandRunner.SYSTEM, args);
    }

    int run(CommandRunner commands, String... args) {
        return run(Map.of(), commands, args);
    }

    int run(Map<String, String> env, CommandRunner commands, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(args.length > 0 && args[0].equals("check") ? 1 : 0, List.of("--config", config.toString()));
        StringWriter stdout = new StringWriter();
        int code = Main.run(argv.toArray(String[]::new), new PrintWriter(stdout), new PrintWriter(log), env,
                commands);
        out = stdout.toString();
        return code;
    }

    /** A config directory for postmap: an empty main.cf means Postfix's built-in defaults. */
    static Path postfixConfig() throws IOException {
        Path dir = Path.of("target/postfix-config").toAbsolutePath();
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve("main.cf"))) {
            Files.writeString(dir.resolve("main.cf"), "");
        }
        return dir;
    }

    static String postmapQuery(Path map, String key) throws Exception {
        Process p = new ProcessBuilder(POSTMAP.toString(), "-c", postfixConfig().toString(), "-q", key, "hash:" + map).redirectErrorStream(true).start();
        String value = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? value : null;
    }

    int calls(String name) throws IOException {
        Path file = dir.resolve(name + ".calls");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    Map<String, FileTime> mtimes() throws IOException {
        Map<String, FileTime> times = new TreeMap<>();
        for (String sub : List.of("postfix", "rspamd")) {
            try (Stream<Path> files = Files.list(dir.resolve(sub))) {
                for (Path file : files.toList()) {
                    times.put(dir.relativize(file).toString(), Files.getLastModifiedTime(file));
                }
            }
        }
        return times;
    }

    @Test
    void firstRunWritesIndexedMapsThatResolveEveryListToItsMembers() throws Exception {
        assertEquals(0, run());
        Path virtual = dir.resolve("postfix/virtual");
        for (String prefix : Legacy.PREFIXES) {
            var lists = Legacy.lists().get(prefix).lists();
            for (var list : lists.entrySet()) {
                String address = list.getKey() + "@" + prefix + ".example.org";
                assertEquals(String.join(",", list.getValue().stream().map(Object::toString).toList()),
                        postmapQuery(virtual, address), address);
                assertEquals("postmaster@example.org", postmapQuery(virtual, list.getKey() + "-bounces@" + prefix + ".example.org"));
            }
        }
        assertEquals("OK", postmapQuery(dir.resolve("postfix/sender_whitelist"), "guest1@partner.example.com"));
        assertEquals("whitelist_required", postmapQuery(dir.resolve("postfix/recipient_whitelist_check"), "members@c0002.example.org"));
        assertEquals(null, postmapQuery(dir.resolve("postfix/recipient_whitelist_check"), "treasurer@c0002.example.org"));
        assertEquals(3, calls("postmap"));
        assertEquals(1, calls("reload"));
        try (Stream<Path> files = Files.list(dir.resolve("postfix"))) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".m2s-")), "no temp file left");
        }
    }

    @Test
    void aSecondRunWithUnchangedDataTouchesNothingAndRunsNothing() throws Exception {
        assertEquals(0, run());
        Map<String, FileTime> before = mtimes();
        String log = logOf(() -> assertEquals(0, run()));
        assertTrue(log.contains("as the last clean run left them: nothing to do"), log);
        assertEquals(before, mtimes());
        assertEquals(3, calls("postmap"));
        assertEquals(1, calls("reload"));

        // Without the last clean run's fingerprint the whole work is done, and finds nothing to change.
        Files.delete(dir.resolve("state/state"));
        log = logOf(() -> assertEquals(0, run()));
        assertTrue(log.contains("Plan: no changes; 7 files in sync."), log);
        assertEquals(before, mtimes());
    }

    @Test
    void afterACleanRunAMapEditedByHandIsPutRight() throws Exception {
        assertEquals(0, run());
        Path virtual = dir.resolve("postfix/virtual");
        Files.writeString(virtual, "everyone@c0000.example.org  intruder@evil.example\n", StandardOpenOption.APPEND);
        String log = logOf(() -> assertEquals(0, run()));
        assertTrue(log.contains("/postfix/virtual: written"), log);
        assertFalse(Files.readString(virtual).contains("intruder"));
    }

    @Test
    void aMapWithBytesThatAreNotUtf8ANulOrAnEndlessLineIsReportedAndRewrittenNotALockOut() throws Exception {
        assertEquals(0, run());
        Path virtual = dir.resolve("postfix/virtual");
        byte[] good = Files.readAllBytes(virtual);
        var damaged = new java.io.ByteArrayOutputStream();
        damaged.write(good);
        damaged.write("caf\u00e9@c0000.example.org  x@y.example\n".getBytes(StandardCharsets.ISO_8859_1)); // Latin-1 é
        damaged.write("nul@c0000.example.org  a\0b@y.example\n".getBytes(StandardCharsets.US_ASCII));
        damaged.write(("endless@c0000.example.org  " + "z".repeat(5 << 20) + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(virtual, damaged.toByteArray());

        assertEquals(2, run("--dry-run", "--detailed-exitcode"));
        assertTrue(out.contains(virtual + ": holds entries that cannot be read, will be rewritten\n"), out);
        String log = logOf(() -> assertEquals(0, run()));
        assertTrue(log.contains(": an entry with bytes that are not UTF-8 is left out and the file rewritten: "
                + "'caf\\ufffd@c0000.example.org  x@y.example'"), log);
        assertTrue(log.contains(": an entry with a NUL byte is left out"), log);
        assertTrue(log.contains(": an entry with more than 4194304 characters is left out"), log);
        assertTrue(log.length() < 10_000, "the endless line is not logged whole");
        assertTrue(log.contains("/postfix/virtual: written"), log);
        assertEquals(new String(good, StandardCharsets.UTF_8), Files.readString(virtual));
        assertEquals("m0x4@mail4.example.net", postmapQuery(virtual, "board@c0000.example.org"));
        assertEquals(null, postmapQuery(virtual, "nul@c0000.example.org"));
        assertEquals(0, run("--dry-run", "--detailed-exitcode"));
    }

    @Test
    void afterACleanRunADeletedIndexIsRebuilt() throws Exception {
        assertEquals(0, run());
        Files.delete(dir.resolve("postfix/sender_whitelist.db"));
        assertEquals(0, run());
        assertEquals("OK", postmapQuery(dir.resolve("postfix/sender_whitelist"), "guest1@partner.example.com"));
    }

    @Test
    void afterACleanRunAChangedConfigIsApplied() throws Exception {
        assertEquals(0, run());
        Files.writeString(config, Files.readString(config).replace("[c0001.example.org]", "[c0001.example.org, c0001.example.net]"));
        assertEquals(0, run());
        Path virtual = dir.resolve("postfix/virtual");
        assertEquals(postmapQuery(virtual, "board@c0001.example.org"), postmapQuery(virtual, "board@c0001.example.net"));
        assertNotNull(postmapQuery(virtual, "board@c0001.example.net"));
    }

    @Test
    void theOldScriptsFilesOnDiskPlanNothing() throws Exception {
        for (String file : List.of("postfix/virtual", "postfix/sender_whitelist", "postfix/recipient_whitelist_check",
                "rspamd/c0000_whitelist.map", "rspamd/c0001_whitelist.map", "rspamd/c0002_whitelist.map",
                "rspamd/bypass_lists.map")) {
            Files.copy(Legacy.maps().resolve(file), dir.resolve(file));
            if (file.startsWith("postfix/")) {
                assertEquals(0, new ProcessBuilder(POSTMAP.toString(), "-c", postfixConfig().toString(),
                        "hash:" + dir.resolve(file)).start().waitFor());
            }
        }
        Map<String, FileTime> before = mtimes();
        assertEquals(0, run("--dry-run", "--detailed-exitcode"));
        assertEquals("Plan: no changes; 7 files in sync.\n", out);
        assertEquals(0, run());
        assertEquals(before, mtimes());
        assertEquals(0, calls("postmap"));
        assertEquals(0, calls("reload"));
    }

    @Test
    void dryRunPrintsThePlanWritesNothingAndDetailedExitCodeSaysChangesPending() throws Exception {
        assertEquals(0, run());
        Map<String, FileTime> before = mtimes();
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net")));
        assertEquals(0, run("--dry-run"));
        assertTrue(out.contains("~ members@c0001.example.org\n      + new@mail9.example.net\n      - m1x7@mail0.example.net\n"), out);
        assertEquals(2, run("--dry-run", "--detailed-exitcode"));
        assertEquals(before, mtimes());
        assertEquals(3, calls("postmap"));
        assertEquals(1, calls("reload"));
        assertEquals(0, run());
        assertEquals("m1x0@mail0.example.net,m1x1@mail1.example.net,m1x2@mail2.example.net,m1x3@mail3.example.net,"
                + "m1x4@mail4.example.net,m1x5@mail5.example.net,m1x6@mail6.example.net,new@mail9.example.net",
                postmapQuery(dir.resolve("postfix/virtual"), "members@c0001.example.org"));
        assertEquals(2, calls("reload"));
    }

    @Test
    void aRunRemovesWhatAKilledRunLeftIncludingBerkeleyDbsTempFileWhichWouldBlockPostmap() throws Exception {
        assertEquals(0, run());
        // A postmap killed with the job (systemd stops the whole service) can leave __db.NAME, which makes
        // every later postmap of that file fail; CrashSafetyIT found it.
        Path postfix = dir.resolve("postfix");
        for (String leftover : List.of(".virtual.m2s-new", ".virtual.m2s-new.db", "__db..virtual.m2s-new.db")) {
            Files.writeString(postfix.resolve(leftover), "");
        }
        Files.writeString(postfix.resolve(".aliases.m2s-new"), "not a map of ours: kept\n");
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net")));
        assertEquals(0, run());
        assertTrue(postmapQuery(postfix.resolve("virtual"), "members@c0001.example.org").endsWith(",new@mail9.example.net"));
        try (Stream<Path> files = Files.list(postfix)) {
            assertEquals(List.of(".aliases.m2s-new", "recipient_whitelist_check", "recipient_whitelist_check.db", "sender_whitelist",
                    "sender_whitelist.db", "virtual", "virtual.db"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCommitCutBetweenItsRenamesIsFinishedByTheNextRunAndADryRunPlansAgainstIt() throws Exception {
        assertEquals(0, run());
        Path virtual = dir.resolve("postfix/virtual");
        String oldText = Files.readString(virtual);
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net")));
        assertEquals(0, run());
        // As a run killed after renaming the index leaves it: new index, old text, the new text as marker.
        Path marker = dir.resolve("postfix/.virtual.m2s-commit");
        Files.move(virtual, marker);
        Files.writeString(virtual, oldText);

        assertEquals(0, run("--dry-run", "--detailed-exitcode"));
        assertEquals("Plan: no changes; 7 files in sync.\n", out);
        assertTrue(Files.exists(marker), "a dry run changes nothing");
        int postmaps = calls("postmap");
        assertEquals(0, run());
        assertTrue(Files.notExists(marker));
        assertTrue(Files.readString(virtual).contains("new@mail9.example.net"));
        assertEquals(postmaps, calls("postmap"), "the commit is finished, not redone");
    }

    @Test
    void aMapThatIsASymbolicLinkIsWrittenThroughTheLinkKeptItsIndexWherePostfixLooksAndItsLeftoversFound()
            throws Exception {
        Path managed = Files.createDirectories(dir.resolve("managed"));
        Path text = Files.writeString(managed.resolve("virtual-text"), Files.readString(Legacy.maps().resolve("postfix/virtual"))
                + "old@c0000.example.org  x@y.example\n");
        Path virtual = Files.createSymbolicLink(dir.resolve("postfix/virtual"), Path.of("../managed/virtual-text"));
        Path whitelist = Files.createSymbolicLink(dir.resolve("rspamd/c0000_whitelist.map"), managed.resolve("c0000.map"));
        Path senders = Files.createSymbolicLink(dir.resolve("postfix/sender_whitelist"), managed.resolve("senders"));
        Path sendersIndex = Files.createSymbolicLink(dir.resolve("postfix/sender_whitelist.db"), managed.resolve("senders.db"));

        assertEquals(0, run());
        assertEquals(Path.of("../managed/virtual-text"), Files.readSymbolicLink(virtual));
        assertTrue(Files.readString(text).contains("board@c0000.example.org"));
        assertTrue(Files.isRegularFile(dir.resolve("postfix/virtual.db"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("m0x4@mail4.example.net", postmapQuery(virtual, "board@c0000.example.org"));
        assertEquals(null, postmapQuery(virtual, "old@c0000.example.org"));
        assertTrue(Files.isSymbolicLink(whitelist));
        assertTrue(Files.readString(managed.resolve("c0000.map")).contains("guest"), "written through an absolute link");
        assertTrue(Files.isSymbolicLink(senders) && Files.isSymbolicLink(sendersIndex), "an index that is a link stays one");
        assertTrue(Files.isRegularFile(managed.resolve("senders.db")));
        assertEquals("OK", postmapQuery(senders, "guest1@partner.example.com"));

        // Killed after the index went in place, before the text did: the marker beside the index, the text's
        // own temporary copy beside the link's target.
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net")));
        assertEquals(0, run());
        String newText = Files.readString(text);
        Files.writeString(text, newText.replace("new@mail9.example.net", "m1x7@mail0.example.net"));
        Files.writeString(dir.resolve("postfix/.virtual.m2s-commit"), newText);
        Files.writeString(managed.resolve(".virtual-text.m2s-new"), newText);
        Files.writeString(managed.resolve(".c0000.map.m2s-new"), "a leftover of a killed run\n");
        assertEquals(0, run("--dry-run", "--detailed-exitcode"));
        int postmaps = calls("postmap");
        assertEquals(0, run());
        assertEquals(newText, Files.readString(text));
        assertTrue(Files.isSymbolicLink(virtual));
        assertEquals(postmaps, calls("postmap"), "the commit is finished, not redone");
        for (Path sub : List.of(managed, dir.resolve("postfix"), dir.resolve("rspamd"))) {
            try (Stream<Path> files = Files.list(sub)) {
                assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains(".m2s-")).toList());
            }
        }
    }

    @Test
    void aRewrittenMapKeepsItsOwnerGroupAndModeAndItsIndexFollows() throws Exception {
        assertEquals(0, run());
        Path virtual = dir.resolve("postfix/virtual");
        Path whitelist = dir.resolve("rspamd/c0001_whitelist.map");
        // root:postfix 0640 as the README has it (a non-root owner would make postmap, which runs as the
        // map's owner, unable to write the index in /etc/postfix), and an Rspamd map owned by another user.
        setOwnerAndMode(virtual, 0, 65534, "rw-r-----");
        setOwnerAndMode(dir.resolve("postfix/virtual.db"), 0, 0, "rw-r--r--");
        setOwnerAndMode(whitelist, 65534, 65533, "rw-r-----");
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net")));

        assertEquals(0, run());
        assertTrue(postmapQuery(virtual, "members@c0001.example.org").endsWith(",new@mail9.example.net"));
        assertTrue(Files.readString(whitelist).contains("new@mail9.example.net"));
        assertEquals(List.of(0, 65534, "rw-r-----"), ownerAndMode(virtual));
        assertEquals(List.of(0, 65534, "rw-r-----"), ownerAndMode(dir.resolve("postfix/virtual.db")),
                "postmap gives the index the text's group and mode: it is no more readable than the map");
        assertEquals(List.of(65534, 65533, "rw-r-----"), ownerAndMode(whitelist));
    }

    static void setOwnerAndMode(Path file, int uid, int gid, String mode) throws IOException {
        Files.setAttribute(file, "unix:uid", uid);
        Files.setAttribute(file, "unix:gid", gid);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    static List<Object> ownerAndMode(Path file) throws IOException {
        return List.of(Files.getAttribute(file, "unix:uid"), Files.getAttribute(file, "unix:gid"),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aChangeOnlyInRspamdMapsIsWrittenWithoutReloadingPostfix() throws Exception {
        assertEquals(0, run());
        Map<String, FileTime> before = mtimes();
        // c0001 whitelists a guest c0000 whitelists already: sender_whitelist holds it, only c0001's Rspamd map gains it.
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("\"guest1@partner.example.com\"",
                "\"guest1@partner.example.com\", \"guest0@partner.example.com\"")));

        assertEquals(0, run());
        assertTrue(Files.readString(dir.resolve("rspamd/c0001_whitelist.map")).contains("guest0@partner.example.com"));
        Map<String, FileTime> after = mtimes();
        assertEquals(List.of("rspamd/c0001_whitelist.map"), before.keySet().stream()
                .filter(file -> !before.get(file).equals(after.get(file))).toList());
        assertEquals(3, calls("postmap"));
        assertEquals(1, calls("reload"), "no Postfix map changed: only the first run reloaded");
    }

    // --- one test per exit code (0 and 2 above) ---

    @Test
    void exit64OnABadCommandLine() {
        assertEquals(ExitCode.USAGE.code(), run("--no-such-option"));
        assertEquals(ExitCode.USAGE.code(), run("--detailed-exitcode"));
    }

    @Test
    void exit78WhenTheConfigIsMissingInvalidOrTooOpen() throws IOException {
        config = dir.resolve("nope.yml");
        assertEquals(ExitCode.CONFIG.code(), run());
        config = writeConfig("map_type: berkeley\n");
        assertEquals(ExitCode.CONFIG.code(), run());
        config = writeConfig("");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(ExitCode.CONFIG.code(), run());
    }

    @Test
    void exit77WhenTheApiRefusesEveryKeyAndNothingIsWritten() throws IOException {
        Legacy.PREFIXES.forEach(p -> serve(p, aResponse().withStatus(401)));
        assertEquals(ExitCode.AUTH.code(), run());
        assertEquals(Map.of(), mtimes());
    }

    @Test
    void exit69WhenNoClubCanBeFetched() throws IOException {
        assertEquals(0, run());
        Map<String, FileTime> before = mtimes();
        Legacy.PREFIXES.forEach(p -> serve(p, aResponse().withStatus(503)));
        assertEquals(ExitCode.UNAVAILABLE.code(), run());
        assertEquals(before, mtimes());
    }

    @Test
    void exit75WhenOneClubFailsItKeepsItsEntriesAndTheOthersAreApplied() throws Exception {
        assertEquals(0, run());
        serve("c0000", aResponse().withStatus(500));
        serve("c0002", okJson(resource("/legacy/api/c0002.json").replace("m2x7@mail0.example.net", "new@mail9.example.net")));
        assertEquals(ExitCode.PARTIAL.code(), run());
        Path virtual = dir.resolve("postfix/virtual");
        assertEquals("m0x6@mail6.example.net,m0x7@mail0.example.net", postmapQuery(virtual, "instructors@c0000.example.org"));
        assertTrue(postmapQuery(virtual, "members@c0002.example.org").endsWith(",new@mail9.example.net"));
    }

    /**
     * As Main runs a sync, but keeping at most {@code keepWholeBytes} of unchanged answers whole: 0 lets each go,
     * as a run of thousands of clubs lets most go.
     */
    int runKeepingWhole(long keepWholeBytes) throws ConfigException {
        SyncConfig loaded = new ConfigLoader(Map.of()).load(config);
        ClubFetcher fetcher = new ClubFetcher(loaded.http(), () -> HttpClients.create(loaded.http(), loaded.sources()));
        try (Reporter.Binding bound = Reporter.of(Level.INFO, new PrintWriter(log, true), Map.of()).bind()) {
            return new SyncJob(loaded, fetcher, CommandRunner.SYSTEM, keepWholeBytes)
                    .run(SyncJob.Options.NONE, new PrintWriter(new StringWriter())).code();
        }
    }

    void assertFetched(int times, String prefix) {
        api.verify(times, getRequestedFor(urlEqualTo("/" + prefix + "/api/email-lists/")));
    }

    @Test
    void unchangedAnswersPastTheBudgetAreLetGoAndFetchedAgainOnlyWhenALaterClubChanges() throws Exception {
        assertEquals(0, run());
        api.resetRequests();
        String log = logOf(() -> assertDoesNotThrow(() -> assertEquals(0, runKeepingWhole(0))));
        assertTrue(log.contains("nothing to do"), log);
        Legacy.PREFIXES.forEach(prefix -> assertFetched(1, prefix));

        // The change comes last, so that the answers before it are let go.
        serve("c0002", okJson(resource("/legacy/api/c0002.json").replace("m2x7@mail0.example.net", "new@mail9.example.net"))
                .withFixedDelay(500));
        api.resetRequests();
        log = logOf(() -> assertDoesNotThrow(() -> assertEquals(0, runKeepingWhole(0))));
        assertTrue(log.contains("this run changes something after all: fetching again the 2 clubs whose answers were "
                + "as in the last clean run"), log);
        assertFetched(2, "c0000");
        assertFetched(2, "c0001");
        assertFetched(1, "c0002");
        Path virtual = dir.resolve("postfix/virtual");
        assertEquals("m0x6@mail6.example.net,m0x7@mail0.example.net", postmapQuery(virtual, "instructors@c0000.example.org"));
        assertTrue(postmapQuery(virtual, "members@c0002.example.org").endsWith(",new@mail9.example.net"));
        assertTrue(logOf(() -> assertEquals(0, run())).contains("nothing to do"), "the state is that of a clean run");
    }

    @Test
    void aClubLetGoThatFailsWhenFetchedAgainKeepsItsEntries() throws Exception {
        assertEquals(0, run());
        String url = "/c0000/api/email-lists/";
        api.stubFor(get(urlEqualTo(url)).inScenario("down").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(resource("/legacy/api/c0000.json"))).willSetStateTo("down"));
        api.stubFor(get(urlEqualTo(url)).inScenario("down").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(503)));
        // The change comes last, so that the answers before it are let go.
        serve("c0002", okJson(resource("/legacy/api/c0002.json").replace("m2x7@mail0.example.net", "new@mail9.example.net"))
                .withFixedDelay(500));
        int[] code = new int[1];
        String log = logOf(() -> code[0] = assertDoesNotThrow(() -> runKeepingWhole(0)));
        assertEquals(ExitCode.PARTIAL.code(), code[0], log);
        assertTrue(log.contains("club c0000: FAILED"), log);
        Path virtual = dir.resolve("postfix/virtual");
        assertEquals("m0x6@mail6.example.net,m0x7@mail0.example.net", postmapQuery(virtual, "instructors@c0000.example.org"));
        assertTrue(postmapQuery(virtual, "members@c0002.example.org").endsWith(",new@mail9.example.net"));
    }

    @Test
    void exit75WhenAnotherRunHoldsTheLock() throws Exception {
        try (var lock = com.manage2soar.aliassync.apply.RunLock.tryAcquire(dir.resolve("lock")).orElseThrow()) {
            assertEquals(ExitCode.PARTIAL.code(), run());
        }
        assertEquals(Map.of(), mtimes());
    }

    @Test
    void exit65WhenEveryClubSendsUnusableDataOrASafetyCheckRefuses() throws Exception {
        Legacy.PREFIXES.forEach(p -> serve(p, okJson("{\"lists\": [")));
        assertEquals(ExitCode.DATA.code(), run());
        assertEquals(Map.of(), mtimes());

        setUp();
        assertEquals(0, run());
        Map<String, FileTime> before = mtimes();
        serve("c0001", okJson("{\"lists\": {}}"));
        assertEquals(ExitCode.DATA.code(), run());
        assertEquals(ExitCode.DATA.code(), run("--dry-run"));
        assertTrue(out.contains("REFUSED: club c0001"), out);
        assertEquals(before, mtimes());
        assertEquals(0, run("--force"));
        assertEquals(null, postmapQuery(dir.resolve("postfix/virtual"), "members@c0001.example.org"));
    }

    @Test
    void exit73WhenAnOutputDirectoryIsMissingAndNothingElseChanges() throws IOException {
        config = writeConfig("").resolveSibling("config.yml");
        Files.writeString(config, Files.readString(config).replace(dir + "/rspamd", dir + "/no-such-dir"));
        assertEquals(ExitCode.CANNOT_WRITE.code(), run());
        assertEquals(Map.of(), mtimes());
    }

    @Test
    void exit71WhenPostmapFailsAndThePreviousMapStays() throws IOException {
        assertEquals(0, run());
        Map<String, FileTime> before = mtimes();
        script("postmap", "echo 'postmap: fatal: simulated' >&2; exit 1");
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net")));
        assertEquals(ExitCode.COMMAND_FAILED.code(), run());
        assertEquals(before, mtimes());
        try (Stream<Path> files = Files.list(dir.resolve("postfix"))) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".m2s-")), "temp files removed");
        }
    }

    @Test
    void exit73WhenAnOutputPathIsADirectory() throws IOException {
        Files.createDirectories(dir.resolve("postfix/sender_whitelist"));
        assertEquals(ExitCode.CANNOT_WRITE.code(), run());
        assertFalse(Files.exists(dir.resolve("postfix/virtual")), "nothing written when one file cannot be");
    }

    @Test
    void exit71WhenPostmapIsMissing() throws IOException {
        config = writeConfig("");
        Files.writeString(config, Files.readString(config).replace(dir + "/postmap", "/nonexistent/postmap"));
        assertEquals(ExitCode.COMMAND_FAILED.code(), run());
        assertEquals(Map.of(), mtimes());
    }

    @Test
    void exit71WhenTheReloadFailsWithTheNewMapsInPlace() throws Exception {
        script("reload", "echo 'postfix/postfix-script: fatal: the Postfix mail system is not running' >&2; exit 1");
        assertEquals(ExitCode.COMMAND_FAILED.code(), run());
        assertEquals("m0x4@mail4.example.net", postmapQuery(dir.resolve("postfix/virtual"), "board@c0000.example.org"));
    }

    @Test
    void exit70OnAnInternalError() {
        CommandRunner broken = (argv, limit) -> {
            throw new IllegalStateException("simulated bug");
        };
        assertEquals(ExitCode.SOFTWARE.code(), run(broken));
    }

    @Test
    void metricsFileReportsEachRunAndCountsAClubsFailuresInARow() throws Exception {
        config = writeConfig("metrics_file: " + dir.resolve("m2s.prom") + "\n");
        assertEquals(0, run());
        String first = Files.readString(dir.resolve("m2s.prom"));
        assertTrue(first.contains("\nm2s_sync_exit_code 0\n"), first);
        assertTrue(first.contains("\nm2s_sync_keys_changed 99\n"), first);
        assertTrue(first.contains("\nm2s_sync_map_entries{file=\"virtual\"} 30\n"), first);
        assertTrue(first.contains("\nm2s_sync_list_recipients 57\n"), first);
        assertTrue(first.contains("\nm2s_sync_postfix_reloaded 1\n"), first);
        String lastSuccess = line(first, "m2s_sync_last_success_timestamp_seconds ");

        assertEquals(0, run()); // nothing changed: the map totals stand as the last run left them
        String unchanged = Files.readString(dir.resolve("m2s.prom"));
        assertTrue(unchanged.contains("\nm2s_sync_map_entries{file=\"virtual\"} 30\n"), unchanged);
        assertTrue(unchanged.contains("\nm2s_sync_list_recipients 57\n"), unchanged);
        assertTrue(unchanged.contains("\nm2s_sync_keys_changed 0\n"), unchanged);
        lastSuccess = line(unchanged, "m2s_sync_last_success_timestamp_seconds ");

        serve("c0001", aResponse().withStatus(503));
        assertEquals(ExitCode.PARTIAL.code(), run());
        assertEquals(ExitCode.PARTIAL.code(), run());
        String third = Files.readString(dir.resolve("m2s.prom"));
        assertTrue(third.contains("\nm2s_sync_exit_code 75\n"), third);
        assertTrue(third.contains("\nm2s_sync_club_fetch_success{club=\"c0001\"} 0\n"), third);
        assertTrue(third.contains("\nm2s_sync_club_consecutive_failures{club=\"c0001\"} 2\n"), third);
        assertTrue(third.contains("\nm2s_sync_club_consecutive_failures{club=\"c0000\"} 0\n"), third);
        assertTrue(third.contains("\nm2s_sync_keys_changed 0\n"), third);
        assertEquals(lastSuccess, line(third, "m2s_sync_last_success_timestamp_seconds "), "carried over");

        run("--dry-run");
        assertEquals(third, Files.readString(dir.resolve("m2s.prom")), "a dry run leaves monitoring alone");
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void checkReportsEachProblemWithAHintAndFailsOnlyOnFailures() throws Exception {
        Path postfix = Files.createDirectories(dir.resolve("main-cf"));
        script("postconf", "exec /usr/sbin/postconf -c " + postfix + " \"$@\"");
        Files.writeString(postfix.resolve("master.cf"), "");
        Files.writeString(postfix.resolve("main.cf"), """
                virtual_alias_maps = hash:%1$s/postfix/virtual
                virtual_alias_domains = c0000.example.org, c0001.example.org c0002.example.org
                smtpd_restriction_classes = whitelist_required
                whitelist_required = check_sender_access hash:%1$s/postfix/sender_whitelist, reject
                smtpd_recipient_restrictions = check_recipient_access hash:%1$s/postfix/recipient_whitelist_check, reject_unauth_destination
                """.formatted(dir));
        assertEquals(0, run("check"), out);
        assertTrue(out.contains("OK    postconf: virtual_alias_maps uses hash:" + dir + "/postfix/virtual"), out);
        assertTrue(out.contains("OK    club c0002: API answered with 5 lists"), out);
        assertTrue(out.endsWith("PASSED: 18 OK, 0 WARN, 0 FAIL\n"), out);

        Files.writeString(postfix.resolve("main.cf"), "virtual_alias_maps = lmdb:" + dir + "/postfix/virtual\n");
        serve("c0001", aResponse().withStatus(401));
        assertEquals(1, run("check"), out);
        assertTrue(out.contains("FAIL  club c0001: the API refused the key (HTTP 401)"), out);
        assertTrue(out.contains("WARN  postconf: no 'hash:" + dir + "/postfix/virtual' in main.cf (found: lmdb:"), out);
        assertTrue(out.endsWith("FAILED: 11 OK, 3 WARN, 4 FAIL\n"), out);
    }

    @Test
    void theApiKeyAppearsInNoOutput() throws IOException {
        serve("c0000", aResponse().withStatus(401));
        String all = logOf(() -> {
            run("-v");
            run("--dry-run");
        }) + out;
        assertTrue(all.contains("c0000"), all);
        assertFalse(all.contains(KEY), "the key leaked: " + all);
    }

    @Test
    void aReloadThatHangsIsKilledWithItsBackgroundChildAndTheRunExits71NamingItAndItsLimit() throws Exception {
        Path pid = dir.resolve("bg.pid");
        script("reload", "(sleep 1000 & echo $! > " + pid + ")\nexec sleep 1000");
        config = writeConfig("reload_timeout_seconds: 1\n");
        long start = System.nanoTime();
        String log = logOf(() -> assertEquals(ExitCode.COMMAND_FAILED.code(), run()));
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "the run waited for the reload");
        assertTrue(log.contains("reload command [" + dir + "/reload]: " + dir + "/reload did not finish within 1 s: "
                + "killed with every process it started (reload_timeout_seconds = 1)"), log);
        long background = Long.parseLong(Files.readString(pid).strip());
        for (int i = 0; i < 50 && SystemCommandRunnerTest.running(background); i++) {
            Thread.sleep(20);
        }
        assertFalse(SystemCommandRunnerTest.running(background), "the reload's background child still runs");
        assertEquals("m0x4@mail4.example.net", postmapQuery(dir.resolve("postfix/virtual"), "board@c0000.example.org"));
    }

    @Test
    void aPostconfThatHangsIsKilledAtItsLimitNamedInAWarningAndTheMapsAreStillWritten() throws Exception {
        script("postconf", "exec sleep 1000");
        config = writeConfig("postconf_timeout_seconds: 1\n");
        String log = logOf(() -> assertEquals(0, run()));
        assertTrue(log.contains("postconf virtual_alias_expansion_limit: " + dir + "/postconf did not finish within 1 s: "
                + "killed with every process it started (postconf_timeout_seconds = 1); going without it"), log);
        assertEquals("m0x4@mail4.example.net", postmapQuery(dir.resolve("postfix/virtual"), "board@c0000.example.org"));
        assertEquals(1, calls("reload"));
    }

    @Test
    void aPostmapThatHangsIsKilledAtItsLimitAndThePreviousMapsStay() throws Exception {
        assertEquals(0, run());
        Map<String, FileTime> before = mtimes();
        script("postmap", "sleep 1000");
        config = writeConfig("postmap_timeout_seconds: 1\n");
        serve("c0001", okJson(resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net")));
        String log = logOf(() -> assertEquals(ExitCode.COMMAND_FAILED.code(), run()));
        assertTrue(log.contains("/postfix/virtual: " + dir + "/postmap did not finish within 1 s: killed with every "
                + "process it started (postmap_timeout_seconds = 1); the previous map stays in place"), log);
        assertEquals(before, mtimes());
        assertEquals(1, calls("reload"));
    }

    @Test
    void theApiKeyFromTheEnvironmentReachesNeitherPostmapNorTheReload() throws Exception {
        script("postmap", "env > " + dir.resolve("postmap.env") + "\nexec " + POSTMAP + " -c " + postfixConfig() + " \"$@\"");
        script("reload", "env > " + dir.resolve("reload.env"));
        Map<String, String> env = Map.of(ConfigLoader.TOKEN_ENV, KEY, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        assertEquals(0, run(env, CommandRunner.system(env)));
        for (String file : List.of("postmap.env", "reload.env")) {
            String seen = Files.readString(dir.resolve(file));
            assertTrue(seen.contains("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), seen);
            assertFalse(seen.contains(KEY), file + " got the key: " + seen);
        }
    }

    @Test
    void aReloadThatFailsSilentlySaysWhereToLook() throws IOException {
        script("reload", "exit 1"); // as postfix-script does: its complaint goes to syslog
        String log = logOf(() -> assertEquals(ExitCode.COMMAND_FAILED.code(), run()));
        assertTrue(log.contains("failed (exit 1): no output; see the mail log or 'postfix status'"), log);
    }

    /** What the job logged while {@code action} ran. */
    private String logOf(Runnable action) {
        int start = log.getBuffer().length();
        action.run();
        return log.getBuffer().substring(start);
    }

}
