package com.manage2soar.aliassync;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.manage2soar.aliassync.SyncIntegrationTest.postmapQuery;
import static com.manage2soar.aliassync.SyncIntegrationTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.report.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one run leaves for the next, in-process against WireMock with the real postmap: refusals per
 * club, the retried reload, the files of a removed club, a lost or corrupt state file, and what
 * {@code check} proves about Postfix.
 */
class RunStateTest {
    private static final String KEY = "state-test-key";

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private String out = "";
    private String log = "";

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("postfix"));
        Files.createDirectories(dir.resolve("rspamd"));
        script("postmap", "exec /usr/sbin/postmap -c " + SyncIntegrationTest.postfixConfig() + " \"$@\"");
        script("reload", "echo reload >> " + dir.resolve("reload.calls"));
        for (String prefix : Legacy.PREFIXES) {
            serve(prefix, resource("/legacy/api/" + prefix + ".json"));
        }
        writeConfig(Legacy.PREFIXES, "");
    }

    private void script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private void serve(String prefix, String json) {
        api.stubFor(get(urlEqualTo("/" + prefix + "/api/email-lists/")).withHeader("X-API-Key", equalTo(KEY))
                .willReturn(okJson(json)));
    }

    private void writeConfig(List<String> prefixes, String extra) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                default_auth_token: "%1$s"
                postfix_virtual_file: %2$s/postfix/virtual
                postfix_whitelist_file: %2$s/postfix/sender_whitelist
                postfix_recipient_check_file: %2$s/postfix/recipient_whitelist_check
                rspamd_whitelist_dir: %2$s/rspamd
                admin_email: postmaster@example.org
                postmap_command: %2$s/postmap
                reload_command: [%2$s/reload]
                lock_file: %2$s/lock
                state_dir: %2$s/state
                metrics_file: %2$s/m2s.prom
                http: { connect_timeout_seconds: 5, request_timeout_seconds: 10, retries: 1 }
                """.formatted(KEY, dir));
        yaml.append(extra).append("clubs:\n");
        for (String prefix : prefixes) {
            yaml.append("  - { prefix: ").append(prefix).append(", domains: [").append(prefix)
                    .append(".example.org], api_url: 'http://127.0.0.1:").append(api.getPort()).append('/')
                    .append(prefix).append("/api/email-lists/' }\n");
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Runs the whole program; keeps its stdout in {@link #out} and its log in {@link #log}. */
    private int run(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(args.length > 0 && args[0].equals("check") ? 1 : 0, List.of("--config", dir.resolve("config.yml").toString()));
        StringWriter stdout = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(argv.toArray(String[]::new), new PrintWriter(stdout), new PrintWriter(err), Map.of(),
                CommandRunner.SYSTEM);
        out = stdout.toString();
        log = err.toString();
        return code;
    }

    private int reloads() throws IOException {
        Path calls = dir.resolve("reload.calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    private String metrics() throws IOException {
        return Files.readString(dir.resolve("m2s.prom"));
    }

    private String virtual(String key) throws Exception {
        return postmapQuery(dir.resolve("postfix/virtual"), key);
    }

    // --- 9.6: a refusal stops only the club it concerns ---

    @Test
    void aRefusedClubKeepsItsEntriesTheOtherClubIsAppliedAndTheRunExits65() throws Exception {
        assertEquals(0, run());
        serve("c0001", "{\"lists\": {}, \"whitelist\": []}");
        serve("c0002", resource("/legacy/api/c0002.json").replace("m2x7@mail0.example.net", "new@mail9.example.net"));

        assertEquals(ExitCode.DATA.code(), run());
        assertTrue(log.contains("REFUSED: club c0001 keeps its current entries: the API returned no list"), log);
        assertEquals("m1x6@mail6.example.net", virtual("board@c0001.example.org"), "the refused club keeps its entries");
        assertTrue(Files.readString(dir.resolve("rspamd/c0001_whitelist.map")).contains("m1x0@mail0.example.net"));
        assertTrue(virtual("members@c0002.example.org").endsWith(",new@mail9.example.net"), "the other club is applied");
        assertTrue(metrics().contains("\nm2s_sync_club_refused{club=\"c0001\",reason=\"lists_emptied\"} 1\n"), metrics());
        assertTrue(metrics().contains("\nm2s_sync_exit_code 65\n"), metrics());

        assertEquals(0, run("--force"));
        assertEquals(null, virtual("board@c0001.example.org"));
        assertFalse(metrics().contains("m2s_sync_club_refused{"), "its changes were applied: " + metrics());
    }

    @Test
    void aListThatEmptiesWhileItsClubKeepsOtherMembersIsApplied() throws Exception {
        assertEquals(0, run());
        serve("c0001", resource("/legacy/api/c0001.json").replace("\"board\": [\n            \"m1x6@mail6.example.net\"\n        ]",
                "\"board\": []"));
        assertEquals(0, run(), log);
        assertEquals(null, virtual("board@c0001.example.org"));
        assertFalse(metrics().contains("m2s_sync_club_refused{"), metrics());
    }

    @Test
    void aRunThatStopsEarlyStillReportsEveryClubInTheMetrics() throws Exception {
        assertEquals(0, run());
        // A leftover that cannot be removed (a directory with something in it) stops the run before planning.
        Files.createDirectories(dir.resolve("postfix/.virtual.m2s-new/x"));
        assertEquals(ExitCode.CANNOT_WRITE.code(), run());
        assertTrue(metrics().contains("\nm2s_sync_exit_code 73\n"), metrics());
        for (String club : Legacy.PREFIXES) {
            assertTrue(metrics().contains("\nm2s_sync_club_fetch_success{club=\"" + club + "\"} 1\n"), metrics());
        }
        assertTrue(metrics().contains("\nm2s_sync_map_entries{file=\"virtual\"} 30\n"), "carried: " + metrics());
    }

    @Test
    void aReloadStillOwedShowsInTheMetricsOfARunThatStopsBeforeItsReload() throws Exception {
        script("reload", "exit 1");
        assertEquals(ExitCode.COMMAND_FAILED.code(), run());
        Files.createDirectories(dir.resolve("postfix/.virtual.m2s-new/x"));
        assertEquals(ExitCode.CANNOT_WRITE.code(), run());
        assertTrue(Files.readString(dir.resolve("state/state")).contains("reload_pending=true"));
        assertTrue(metrics().contains("\nm2s_sync_reload_pending 1\n"), metrics());
    }

    @Test
    void aRunThatCannotWriteItsLockFileStillPutsItsExitCodeInTheMetrics() throws Exception {
        assertEquals(0, run());
        String success = metrics().lines().filter(line -> line.startsWith("m2s_sync_last_success_timestamp_seconds "))
                .findFirst().orElseThrow();
        Files.delete(dir.resolve("lock"));
        Files.createDirectories(dir.resolve("lock/in-the-way"));

        assertEquals(ExitCode.CANNOT_WRITE.code(), run());
        assertTrue(log.contains("lock_file: "), log);
        assertTrue(metrics().contains("\nm2s_sync_exit_code 73\n"), metrics());
        assertTrue(metrics().contains("\n" + success + "\n"), "the last success stands: " + metrics());
    }

    @Test
    void theMetricsFileHoldsEveryMetricTheReadmeLists() throws Exception {
        assertEquals(0, run());
        // A sample line (not only its HELP) for each: a metric without a value is no use to an alert.
        for (String metric : List.of("m2s_sync_last_run_timestamp_seconds", "m2s_sync_last_success_timestamp_seconds",
                "m2s_sync_exit_code", "m2s_sync_duration_seconds", "m2s_sync_club_fetch_success{club=\"c0000\"}",
                "m2s_sync_club_consecutive_failures{club=\"c0000\"}", "m2s_sync_plan_refused", "m2s_sync_reload_pending",
                "m2s_sync_map_entries{file=\"virtual\"}", "m2s_sync_list_recipients", "m2s_sync_keys_changed",
                "m2s_sync_files_written", "m2s_sync_files_removed", "m2s_sync_postfix_reloaded",
                "m2s_sync_invalid_entries_dropped", "m2s_sync_lists_dropped{club=\"c0000\"}")) {
            assertTrue(metrics().lines().anyMatch(line -> line.matches(Pattern.quote(metric) + " [0-9.]+")),
                    metric + " in " + metrics());
        }
        assertTrue(metrics().contains("\nm2s_sync_files_written " + (Legacy.PREFIXES.size() + 4) + "\n"), metrics());
        assertTrue(metrics().contains("\nm2s_sync_invalid_entries_dropped 0\n"), metrics());
        assertTrue(metrics().contains("\nm2s_sync_postfix_reloaded 1\n"), metrics());
    }

    // --- 9.7: a failed reload is retried ---

    @Test
    void aFailedReloadIsRetriedByEveryLaterRunUntilItSucceeds() throws Exception {
        Path broken = dir.resolve("postfix-down");
        Files.writeString(broken, "");
        script("reload", "echo reload >> " + dir.resolve("reload.calls") + "\nif [ -e " + broken + " ]; then exit 1; fi");

        assertEquals(ExitCode.COMMAND_FAILED.code(), run());
        assertEquals(1, reloads());
        // Nothing to write, but the reload is owed: every run tries it, and says so, until it works.
        assertEquals(ExitCode.COMMAND_FAILED.code(), run());
        assertEquals(2, reloads());
        assertTrue(log.contains("Plan: no changes"), log);
        assertTrue(log.contains("its reload failed: reloading now"), log);
        assertTrue(metrics().contains("\nm2s_sync_reload_pending 1\n"), metrics());
        assertEquals(ExitCode.CHANGES_PENDING.code(), run("--dry-run", "--detailed-exitcode"), "a dry run reports the owed reload");
        assertTrue(out.contains("the next run reloads Postfix"), out);
        assertEquals(2, reloads(), "a dry run reloads nothing");

        Files.delete(broken);
        assertEquals(0, run());
        assertEquals(3, reloads());
        assertTrue(metrics().contains("\nm2s_sync_reload_pending 0\n"), metrics());
        assertEquals(0, run());
        assertEquals(3, reloads(), "nothing owed any more");
        assertTrue(log.contains("nothing to do"), log);
    }

    // --- 9.8: a club removed from the config ---

    @Test
    void theFilesOfAClubRemovedFromTheConfigAreRemovedByTheNextRunAndThePlanSaysSo() throws Exception {
        assertEquals(0, run());
        Path c0002 = dir.resolve("rspamd/c0002_whitelist.map");
        assertTrue(Files.exists(c0002));
        // A third of all recipients leave with the club: more than the default share refuses the whole plan.
        writeConfig(List.of("c0000", "c0001"), "");
        assertEquals(ExitCode.DATA.code(), run());
        assertTrue(log.contains("REFUSED: the plan removes 19 of 57 list recipients of all clubs"), log);
        assertTrue(metrics().contains("\nm2s_sync_plan_refused 1\n"), metrics());
        assertTrue(Files.exists(c0002));
        assertEquals("m2x1@mail1.example.net", virtual("board@c0002.example.org"), "nothing written");

        writeConfig(List.of("c0000", "c0001"), "safety: { max_removed_percent: 50 }\n");

        assertEquals(2, run("--dry-run", "--detailed-exitcode"));
        assertTrue(out.contains(c0002 + ": remove (written for a club that is no longer in the config)\n"), out);
        assertTrue(out.contains("1 file(s) to remove;"), out);
        assertTrue(Files.exists(c0002), "a dry run removes nothing");

        assertEquals(0, run());
        assertFalse(Files.exists(c0002));
        assertTrue(log.contains(c0002 + ": removed (its club is no longer in the config)"), log);
        assertEquals(null, virtual("members@c0002.example.org"));
        assertTrue(Files.exists(dir.resolve("rspamd/c0001_whitelist.map")));
        assertTrue(metrics().contains("\nm2s_sync_files_removed 1\n"), metrics());
        assertFalse(Files.readString(dir.resolve("state/state")).contains("c0002_whitelist.map"));

        assertEquals(0, run("--dry-run", "--detailed-exitcode"), out);
    }

    @Test
    void aPlanRefusedAsAWholeWritesNothingAndExits65AndForceAppliesItOnce() throws Exception {
        assertEquals(0, run());
        Map<String, String> before = files();
        // A third of all recipients leave with c0002: more than the default share of all clubs together.
        writeConfig(List.of("c0000", "c0001"), "");

        assertEquals(ExitCode.DATA.code(), run());
        assertTrue(log.contains("REFUSED: the plan removes 19 of 57 list recipients of all clubs"), log);
        assertTrue(metrics().contains("\nm2s_sync_plan_refused 1\n"), metrics());
        assertEquals(before, files(), "nothing written or removed");
        assertEquals(1, reloads());

        assertEquals(0, run("--force"), log);
        assertTrue(log.contains("--force: applying what the safety checks refused"), log);
        assertEquals(null, virtual("board@c0002.example.org"));
        assertEquals("m1x6@mail6.example.net", virtual("board@c0001.example.org"));
        assertFalse(Files.exists(dir.resolve("rspamd/c0002_whitelist.map")));
        assertEquals(2, reloads());
        assertTrue(metrics().contains("\nm2s_sync_plan_refused 0\n"), "it wrote: " + metrics());

        assertEquals(0, run(), "forced once: the next run has nothing left to refuse");
        assertTrue(log.contains("nothing to do"), log);
    }

    @Test
    void aRemovedClubLosesOnlyItsOwnMapNeverASharedMapNorAFileTheJobDidNotWrite() throws Exception {
        // The old script's map of a club removed before the job took over: no state file lists it.
        Path oldScripts = Files.writeString(dir.resolve("rspamd/c0009_whitelist.map"), "guest9@partner.example.com\n");
        Path admins = Files.writeString(dir.resolve("rspamd/local_whitelist.map"), "admin@example.org\n");
        assertEquals(0, run());
        // c0002 leaves, and so does the recipient check map from the config: main.cf may still name it.
        writeConfig(List.of("c0000", "c0001"), "safety: { max_removed_percent: 50 }\n");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, Files.readString(config).replace(
                "postfix_recipient_check_file: " + dir + "/postfix/recipient_whitelist_check\n", ""));

        assertEquals(0, run(), log);
        assertFalse(Files.exists(dir.resolve("rspamd/c0002_whitelist.map")), "the removed club's own map, which the job wrote");
        for (String shared : List.of("postfix/virtual", "postfix/virtual.db", "postfix/sender_whitelist",
                "postfix/sender_whitelist.db", "postfix/recipient_whitelist_check", "postfix/recipient_whitelist_check.db",
                "rspamd/bypass_lists.map", "rspamd/c0000_whitelist.map", "rspamd/c0001_whitelist.map")) {
            assertTrue(Files.exists(dir.resolve(shared)), shared);
        }
        assertEquals("whitelist_required", postmapQuery(dir.resolve("postfix/recipient_whitelist_check"),
                "members@c0002.example.org"), "a map out of the config is left as it was");
        assertTrue(Files.exists(oldScripts), "a club's map no state file says the job wrote stays");
        assertEquals("guest9@partner.example.com\n", Files.readString(oldScripts));
        assertEquals("admin@example.org\n", Files.readString(admins));
        assertTrue(metrics().contains("\nm2s_sync_files_removed 1\n"), metrics());
    }

    /** Every file in postfix/ and rspamd/ (by relative path) with a digest of its bytes. */
    private Map<String, String> files() throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (String sub : List.of("postfix", "rspamd")) {
            try (Stream<Path> list = Files.list(dir.resolve(sub))) {
                for (Path file : list.toList()) {
                    files.put(dir.relativize(file).toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                }
            }
        }
        return files;
    }

    // --- 9.9: one state file; lost or corrupt, it costs one full run, never a wrong one ---

    @Test
    void theStateLivesInTheStateFileNotInTheLock() throws Exception {
        assertEquals(0, run());
        String state = Files.readString(dir.resolve("state/state"));
        assertTrue(state.contains("clean_run="), state);
        assertTrue(state.contains("reload_pending=false"), state);
        assertTrue(state.contains("owned." + dir.resolve("postfix/virtual").toString().replace(":", "\\:") + "=*"), state);
        assertTrue(state.contains("=c0001"), state);
        assertEquals(0, Files.size(dir.resolve("lock")));

        assertEquals(0, run());
        assertTrue(log.contains("nothing to do"), log);
    }

    @Test
    void onceAnAnswerDiffersFromTheLastCleanRunsTheAnswersAreValidatedAsTheyArriveWithTheSameOutcome() throws Exception {
        assertEquals(0, run());
        String state = Files.readString(dir.resolve("state/state"));
        for (String club : Legacy.PREFIXES) {
            assertTrue(state.contains("\nanswer." + club + "="), state);
        }
        assertEquals(0, run("-v"));
        assertTrue(log.contains("nothing to do"), log);
        assertFalse(log.contains("validated as they arrive"), log);

        serve("c0002", resource("/legacy/api/c0002.json").replace("m2x7@mail0.example.net", "new@mail9.example.net"));
        assertEquals(0, run("-v"));
        assertTrue(log.contains("club c0002: its answer differs from the last clean run's: answers are validated as "
                + "they arrive"), log);
        assertTrue(log.contains("Plan: 3 of 7 files to write"), log);
        assertTrue(virtual("members@c0002.example.org").endsWith(",new@mail9.example.net"));
        assertEquals("m1x6@mail6.example.net", virtual("board@c0001.example.org"));

        assertEquals(0, run("-v"));
        assertTrue(log.contains("nothing to do"), log);
    }

    @Test
    void aMissingStateFileCostsOneFullRun() throws Exception {
        assertEquals(0, run());
        Files.delete(dir.resolve("state/state"));
        assertEquals(0, run());
        assertTrue(log.contains("Plan: no changes; 7 files in sync."), log);
        assertEquals(1, reloads(), "nothing owed, nothing reloaded");
        assertEquals(0, run());
        assertTrue(log.contains("nothing to do"), log);
    }

    @Test
    void aCorruptStateFileCostsOneFullRunAndAPrecautionaryReloadNeverAWrongOutcome() throws Exception {
        script("reload", "echo reload >> " + dir.resolve("reload.calls") + "\nexit 1");
        assertEquals(ExitCode.COMMAND_FAILED.code(), run());
        script("reload", "echo reload >> " + dir.resolve("reload.calls"));
        // The record of the owed reload is lost with the file: the run reloads all the same.
        Files.writeString(dir.resolve("state/state"), "format=1\nreload_pending=maybe\n\u0000garbage");
        serve("c0001", resource("/legacy/api/c0001.json").replace("m1x7@mail0.example.net", "new@mail9.example.net"));

        assertEquals(0, run(), log);
        assertTrue(log.contains("is corrupt"), log);
        assertTrue(virtual("members@c0001.example.org").endsWith(",new@mail9.example.net"));
        assertEquals(2, reloads());
        assertTrue(metrics().contains("\nm2s_sync_club_consecutive_failures{club=\"c0001\"} 0\n"), metrics());
        assertTrue(Files.readString(dir.resolve("state/state")).contains("reload_pending=false"));
        assertEquals(0, run());
        assertTrue(log.contains("nothing to do"), log);
    }

    @Test
    void anUnreadableStateFileCostsOneFullRunThatExitsZero() throws Exception {
        assertEquals(0, run());
        // A directory where the file should be: unreadable for root too (and not replaceable by a rename).
        Path state = dir.resolve("state/state");
        Files.delete(state);
        Files.createDirectories(state.resolve("x"));

        assertEquals(0, run(), log);
        assertTrue(log.contains("cannot read the state file " + state + ": "), log);
        assertTrue(log.contains("this run does the whole work"), log);
        assertTrue(log.contains("Plan: no changes; 7 files in sync."), log);
        assertFalse(log.contains("nothing to do"), "no shortcut without a state: " + log);
        assertEquals(1, reloads(), "nothing owed, nothing reloaded");
    }

    @Test
    void aStateFileWrittenForAnotherConfigIsNotUsedAndTheLogSaysSo() throws Exception {
        assertEquals(0, run());
        Path state = dir.resolve("state/state");
        String ours = "\nconfig=" + dir.resolve("config.yml") + "\n";
        String text = Files.readString(state);
        assertTrue(text.contains(ours), text);
        Files.writeString(state, text.replace(ours, "\nconfig=/etc/m2s-sync-aliases/other.yml\n"));

        assertEquals(0, run(), log);
        assertTrue(log.contains("the state file " + state + " belongs to the config /etc/m2s-sync-aliases/other.yml, not "
                + dir.resolve("config.yml") + ": give each config its own state_dir; this run does the whole work"), log);
        assertTrue(log.contains("Plan: no changes; 7 files in sync."), log);
        assertFalse(log.contains("nothing to do"), "another config's state was used: " + log);
        assertEquals(0, run());
        assertTrue(log.contains("nothing to do"), "the state is this config's again: " + log);
    }

    @Test
    void theMetricsCountersComeFromTheStateFileNotFromTheMetricsFile() throws Exception {
        assertEquals(0, run());
        api.stubFor(get(urlEqualTo("/c0001/api/email-lists/")).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        assertEquals(ExitCode.PARTIAL.code(), run());
        Files.delete(dir.resolve("m2s.prom"));
        assertEquals(ExitCode.PARTIAL.code(), run());
        assertTrue(metrics().contains("\nm2s_sync_club_consecutive_failures{club=\"c0001\"} 2\n"), metrics());
        assertTrue(metrics().contains("\nm2s_sync_map_entries{file=\"virtual\"} 30\n"), metrics());
        assertFalse(metrics().contains("m2s_sync_last_success_timestamp_seconds 0\n"), metrics());
    }

    // --- 9.10: check proves what a run needs ---

    @Test
    void checkFailsWhenPostmapCannotIndexAMap() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-main-cf"));
        script("postmap", "MAIL_CONFIG=" + empty + " exec /usr/sbin/postmap \"$@\"");
        assertEquals(1, run("check"));
        assertTrue(out.contains("FAIL  postmap: '" + dir.resolve("postmap") + " hash:"), out);
        assertTrue(out.contains("main.cf"), out);
    }

    @Test
    void checkFailsForAClubDomainPostfixDoesNotAccept() throws Exception {
        Path postfix = Files.createDirectories(dir.resolve("main-cf"));
        Files.writeString(postfix.resolve("domains"), "c0001.example.org OK\n");
        assertEquals(0, new ProcessBuilder("/usr/sbin/postmap", "-c", SyncIntegrationTest.postfixConfig().toString(),
                "hash:" + postfix.resolve("domains")).start().waitFor());
        postconfReads("""
                virtual_alias_maps = hash:%1$s/postfix/virtual
                virtual_alias_domains = c0000.example.org, hash:%2$s/domains
                """.formatted(dir, postfix));

        assertEquals(1, run("check"));
        assertTrue(out.contains("OK    domain c0000.example.org: in virtual_alias_domains"), out);
        assertTrue(out.contains("OK    domain c0001.example.org: in virtual_alias_domains"), out);
        assertTrue(out.contains("FAIL  domain c0002.example.org: club c0002's domain is not in virtual_alias_domains"),
                out);
        assertTrue(out.contains("OK    postmap: indexes a test map as hash: and finds its key"), out);
    }

    @Test
    void aClubDomainPostfixAcceptsAsLocalOrMailboxDomainPassesCheckBecauseEveryRecipientIsAliased() throws Exception {
        postconfReads("""
                virtual_alias_maps = hash:%1$s/postfix/virtual
                virtual_alias_domains = c0000.example.org
                mydestination = localhost, c0001.example.org
                virtual_mailbox_domains = c0002.example.org
                """.formatted(dir));

        run("check");
        assertTrue(out.contains("OK    domain c0000.example.org: in virtual_alias_domains"), out);
        assertTrue(out.contains("OK    domain c0001.example.org: in mydestination"), out);
        assertTrue(out.contains("OK    domain c0002.example.org: in virtual_mailbox_domains"), out);
        assertFalse(out.contains("FAIL  domain"), out);
    }

    @Test
    void checkAcceptsAClubDomainListedInAFileNamedInVirtualAliasDomainsOrFoundInRelayDomains() throws Exception {
        Path domains = Files.writeString(Files.createDirectories(dir.resolve("main-cf")).resolve("alias-domains"),
                "# club domains\nc0000.example.org, other.example.org\n\nC0002.Example.org # a comment\n");
        postconfReads("""
                virtual_alias_maps = hash:%1$s/postfix/virtual
                virtual_alias_domains = %2$s
                relay_domains = c0001.example.org
                """.formatted(dir, domains));

        run("check");
        assertTrue(out.contains("OK    domain c0000.example.org: in virtual_alias_domains"), out);
        assertTrue(out.contains("OK    domain c0001.example.org: in relay_domains"), out);
        assertTrue(out.contains("OK    domain c0002.example.org: in virtual_alias_domains"), out);
        assertFalse(out.contains("FAIL  domain"), out);
    }

    @Test
    void checkExitsZeroWhenThereAreOnlyWarnings() throws Exception {
        // Every club domain accepted, the alias map named; the whitelist restrictions missing are warnings only.
        postconfReads("""
                virtual_alias_maps = hash:%1$s/postfix/virtual
                virtual_alias_domains = c0000.example.org, c0001.example.org, c0002.example.org
                """.formatted(dir));

        assertEquals(ExitCode.OK.code(), run("check"), out);
        assertTrue(out.contains("WARN  postconf: no 'check_sender_access hash:" + dir + "/postfix/sender_whitelist' in main.cf"), out);
        assertFalse(out.contains("FAIL  "), out);
        assertTrue(out.matches("(?s).*\nPASSED: \\d+ OK, 2 WARN, 0 FAIL\n"), out);
    }

    @Test
    void checkExits78WhenTheConfigIsUnusable() throws Exception {
        writeConfig(Legacy.PREFIXES, "map_type: bdb\n");

        assertEquals(ExitCode.CONFIG.code(), run("check"), out);
        assertEquals(78, ExitCode.CONFIG.code());
        assertTrue(out.startsWith("FAIL  config: " + dir.resolve("config.yml") + ": map_type: "), out);
        assertFalse(out.contains("club c0000"), "nothing is checked past the config: " + out);
        assertEquals(0, api.getAllServeEvents().size(), "no API was asked");
    }

    /** The postconf beside the test's postmap answers from {@code mainCf} (in main-cf/), not from /etc/postfix. */
    private void postconfReads(String mainCf) throws IOException {
        Path postfix = Files.createDirectories(dir.resolve("main-cf"));
        script("postconf", "exec /usr/sbin/postconf -c " + postfix + " \"$@\"");
        Files.writeString(postfix.resolve("master.cf"), "");
        Files.writeString(postfix.resolve("main.cf"), mainCf);
    }
}
