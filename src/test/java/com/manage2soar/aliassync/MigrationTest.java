package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.apply.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving from the old script on data shaped like real M2S answers (src/test/resources/realdata: capitalised and
 * colliding list names, a name with a space, a list named like a bounce alias, repeated addresses, senders in two
 * spellings, an empty list, a club without bypass_lists, a Kelvin sign). The maps there are what the old
 * sync-aliases.py wrote from exactly these answers (see the README there). The first dry run must plan only real
 * corrections, each visible; one run applies them, and then nothing is left to do.
 */
class MigrationTest {
    private static final String[] POSTFIX_MAPS = {"virtual", "sender_whitelist", "recipient_whitelist_check"};
    private static final String[] RSPAMD_MAPS = {"SSC_whitelist.map", "mlg_whitelist.map", "bypass_lists.map"};

    @TempDir
    Path dir;

    Path config;

    @BeforeEach
    void oldScriptsFilesOnDisk() throws Exception {
        Files.createDirectories(dir.resolve("postfix"));
        Files.createDirectories(dir.resolve("rspamd"));
        Files.createDirectories(dir.resolve("api"));
        for (String name : POSTFIX_MAPS) {
            copy("maps/postfix/" + name, dir.resolve("postfix").resolve(name));
            // The old script ran postmap after each write: its indexes are there.
            assertEquals(0, new ProcessBuilder(SyncIntegrationTest.POSTMAP.toString(), "-c",
                    SyncIntegrationTest.postfixConfig().toString(), "hash:" + dir.resolve("postfix").resolve(name))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor());
        }
        for (String name : RSPAMD_MAPS) {
            copy("maps/rspamd/" + name, dir.resolve("rspamd").resolve(name));
        }
        copy("api/SSC.json", dir.resolve("api/SSC.json"));
        copy("api/mlg.json", dir.resolve("api/mlg.json"));
        Path postmap = dir.resolve("postmap");
        Files.writeString(postmap, "#!/bin/sh\nexec " + SyncIntegrationTest.POSTMAP + " -c "
                + SyncIntegrationTest.postfixConfig() + " \"$@\"\n");
        Files.setPosixFilePermissions(postmap, PosixFilePermissions.fromString("rwx------"));
        // The old script's config.yml, as it ran (file: URLs instead of the API, plus what the new job needs here).
        config = dir.resolve("config.yml");
        Files.writeString(config, """
                postfix_virtual_file: %1$s/postfix/virtual
                postfix_whitelist_file: %1$s/postfix/sender_whitelist
                postfix_recipient_check_file: %1$s/postfix/recipient_whitelist_check
                rspamd_whitelist_dir: %1$s/rspamd
                admin_email: postmaster@example.org
                postmap_command: %1$s/postmap
                reload_command: [/bin/true]
                lock_file: %1$s/lock
                metrics_file: %1$s/metrics.prom
                clubs:
                  - prefix: SSC
                    domains: [SSC.example.org, skyline.example.org]
                    api_url: file:%1$s/api/SSC.json
                  - prefix: mlg
                    domain: mlg.example.org
                    api_url: file:%1$s/api/mlg.json
                """.formatted(dir));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = MigrationTest.class.getResourceAsStream("/realdata/" + resource)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private record Result(int code, String out, String log) {}

    private Result run(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter log = new StringWriter();
        int code = Main.run(argv.toArray(String[]::new), new PrintWriter(out), new PrintWriter(log),
                Map.of(), CommandRunner.SYSTEM);
        return new Result(code, out.toString(), log.toString());
    }

    @Test
    void theFirstDryRunPlansOnlyRealCorrectionsEachVisible() {
        Result dry = run("--dry-run");

        assertEquals(0, dry.code(), dry.out());
        assertEquals(EXPECTED_PLAN.formatted(dir), dry.out());
    }

    @Test
    void oneRunAppliesThemAndThenNothingIsLeftToDo() throws Exception {
        Result first = run();
        assertEquals(0, first.code(), first.log());
        assertTrue(first.log().contains("WARN club SSC: lists 'Board', 'board' are one address, board@ (Postfix ignores "
                + "case): merged, with the members of all of them"), first.log());

        Result again = run("--dry-run");
        assertEquals(0, again.code(), again.out());
        assertEquals("Plan: no changes; 6 files in sync.\n", again.out());
        // Board and board are one list; the old postmap kept only Board's members.
        assertEquals("alice@example.com,Bob.Baker@example.net,erin@example.com",
                SyncIntegrationTest.postmapQuery(dir.resolve("postfix/virtual"), "Board@SSC.Example.org"));
        String metrics = Files.readString(dir.resolve("metrics.prom"));
        // SSC: "operations team" cannot be an address; "members-bounces" is the job's bounce alias.
        assertTrue(metrics.contains("m2s_sync_lists_dropped{club=\"SSC\"} 2\n"), metrics);
        assertTrue(metrics.contains("m2s_sync_lists_dropped{club=\"mlg\"} 0\n"), metrics);
        // Rspamd ignores case as Postfix does: each sender once, spelt as the lookup key.
        assertEquals(List.of("alice@example.com", "bob.baker@example.net", "carol@mail.example.net",
                "dave+gliding@example.org", "erin@example.com", "frank@example.com", "partner@outside.example",
                "treasurer@example.com"), Files.readAllLines(dir.resolve("rspamd/SSC_whitelist.map")).stream()
                .filter(line -> !line.startsWith("#") && !line.isEmpty()).toList());
    }

    /**
     * Each line a correction: Board and board are one address (the old postmap kept only the first line, so erin
     * got no mail); "members-bounces" is the job's bounce alias, the list that claimed it (and its own bounce
     * alias, and its whitelist check, which refused the bounces) goes; "operations team@..." was written as the
     * key "operations"; a sender whose domain holds a Kelvin sign is no address. Nothing for domains spelt in
     * capitals, senders in two spellings, repeated members, the empty list or the missing bypass_lists.
     */
    private static final String EXPECTED_PLAN = """
            %1$s/postfix/virtual: 5 key(s) change
              ~ board@skyline.example.org
                  + erin@example.com
              ~ board@ssc.example.org
                  + erin@example.com
              - members-bounces-bounces@skyline.example.org  postmaster@example.org
              - members-bounces-bounces@ssc.example.org  postmaster@example.org
              - operations  carol@mail.example.net,team@SSC.example.org
            %1$s/postfix/sender_whitelist: 1 key(s) change
              - alice@\\u212aelvin.example  OK
            %1$s/postfix/recipient_whitelist_check: 3 key(s) change
              - members-bounces@skyline.example.org  whitelist_required
              - members-bounces@ssc.example.org  whitelist_required
              - operations  team@SSC.example.org  whitelist_required
            %1$s/rspamd/SSC_whitelist.map: 1 key(s) change
              - alice@\\u212aelvin.example
            Plan: 4 of 6 files to write; keys: 0 added, 8 removed, 2 changed; Postfix reload.
            """;
}
