package com.manage2soar.aliassync;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end with a real Postfix: the packaged job writes the maps from WireMock's answers for two
 * clubs, a private Postfix configured as the Manage2Soar mail server reads them, mail goes in over SMTP
 * and out to an smtp-sink, which shows who got each message. Needs root and postfix, postfix-lmdb and
 * postfix-cdb (.ci/run installs them); without them it fails, it never skips.
 */
class PostfixE2EIT {
    static final Path ROOT = Path.of("target/postfix-e2e");
    static final String KEY = "e2e-key";
    static final String ADMIN = "postmaster@admin.test";
    static final Map<String, List<String>> CLUBS = new TreeMap<>(Map.of(
            "club1", List.of("club1.test"),
            "club2", List.of("club2.test", "club2-alt.test")));

    static final String CLUB1 = """
            {"lists": {"members": ["anna@mail.test", "bert@mail.test", "carl@mail.test"],
                       "instructors": ["anna@mail.test"],
                       "Board": ["anna@mail.test", "Tina@Mail.Test"],
                       "treasurer": ["tina@mail.test"]},
             "whitelist": ["anna@mail.test", "bert@mail.test", "carl@mail.test"],
             "bypass_lists": ["treasurer"]}
            """;
    /** The same list name as club1's, other members. */
    static final String CLUB2 = """
            {"lists": {"members": ["dora@mail.test", "emil@mail.test"], "board": ["dora@mail.test"]},
             "whitelist": ["dora@mail.test", "emil@mail.test"]}
            """;

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @ParameterizedTest(name = "map_type {0}")
    @ValueSource(strings = {"hash", "lmdb", "cdb"})
    void mailToAListReachesExactlyItsMembersBeforeAndAfterAMembershipChange(String mapType) throws Exception {
        serve("club1", CLUB1);
        serve("club2", CLUB2);
        try (PrivatePostfix postfix = PrivatePostfix.start(ROOT.resolve(mapType), mapType, domains(), "")) {
            Path config = config(postfix);
            sync(config);
            assertEquals(1, postfix.calls("reload"));
            postfix.awaitLog(PrivatePostfix.RELOADED, 1);
            var check = ImageIT.launch("check", "--config", config.toString());
            assertEquals(0, check.code(), check.stdout() + check.stderr());
            assertTrue(check.stdout().contains("OK    postconf: virtual_alias_maps uses " + mapType + ":" + postfix.maps().resolve("virtual")),
                    check.stdout());

            assertEquals(Set.of("anna@mail.test", "bert@mail.test", "carl@mail.test"),
                    delivered(postfix, "bert@mail.test", "members@club1.test"), "a whitelisted member to the members list");
            assertRefused(SmtpClient.send(postfix.smtpPort(), "stranger@elsewhere.test", "members@club1.test"));
            assertEquals(Set.of("tina@mail.test"), delivered(postfix, "stranger@elsewhere.test", "treasurer@club1.test"),
                    "anyone may write to a bypass list");
            assertEquals(Set.of(ADMIN), delivered(postfix, "", "members-bounces@club1.test"), "a bounce goes to admin_email");
            // M2S list names are free text: "Board" is board@, whose whitelist check holds like any list's.
            assertEquals(Set.of("anna@mail.test", "Tina@mail.test"), delivered(postfix, "bert@mail.test", "board@club1.test"),
                    "the list named Board");
            assertRefused(SmtpClient.send(postfix.smtpPort(), "stranger@elsewhere.test", "board@club1.test"));
            assertClub2Unaffected(postfix);

            // carl leaves club1, dan joins: one reload, and the next message follows the change.
            serve("club1", CLUB1.replace("carl@mail.test", "dan@mail.test"));
            sync(config);
            assertEquals(2, postfix.calls("reload"), "exactly one reload for the change");
            postfix.awaitLog(PrivatePostfix.RELOADED, 2);
            assertEquals(Set.of("anna@mail.test", "bert@mail.test", "dan@mail.test"),
                    delivered(postfix, "dan@mail.test", "members@club1.test"), "the new member is whitelisted and receives");
            assertRefused(SmtpClient.send(postfix.smtpPort(), "carl@mail.test", "members@club1.test"));
            assertClub2Unaffected(postfix);

            // Nothing changed: no file touched, nothing indexed, no reload.
            Map<String, String> stamps = postfix.mapFileStamps();
            int postmaps = postfix.calls("postmap");
            sync(config);
            assertEquals(stamps, postfix.mapFileStamps(), "no map file touched");
            assertEquals(postmaps, postfix.calls("postmap"), "nothing indexed");
            assertEquals(2, postfix.calls("reload"), "no reload");
            assertEquals(Set.of("anna@mail.test", "bert@mail.test", "dan@mail.test"),
                    delivered(postfix, "anna@mail.test", "members@club1.test"));
            assertEquals(2, postfix.logLines(PrivatePostfix.RELOADED), "Postfix's log shows two reloads in all");
        }
    }

    /**
     * Postfix refuses mail to an alias that expands to more than virtual_alias_expansion_limit addresses;
     * the job warns about such a list. A list of exactly the limit still goes through.
     */
    @Test
    void aListLongerThanVirtualAliasExpansionLimitIsWarnedAboutAndPostfixRefusesIt() throws Exception {
        serve("club1", """
                {"lists": {"members": ["m1@mail.test", "m2@mail.test", "m3@mail.test", "m4@mail.test", "m5@mail.test"],
                           "everyone": ["m1@mail.test", "m2@mail.test", "m3@mail.test", "m4@mail.test", "m5@mail.test",
                                        "m6@mail.test"]},
                 "whitelist": ["m1@mail.test"]}
                """);
        serve("club2", CLUB2);
        try (PrivatePostfix postfix = PrivatePostfix.start(ROOT.resolve("expansion-limit"), "hash", domains(),
                "virtual_alias_expansion_limit = 5\n")) {
            String log = sync(config(postfix));
            assertTrue(log.contains("everyone@club1.test has 6 recipients, more than Postfix's virtual_alias_expansion_limit = 5: "
                    + "Postfix refuses mail to it (451 4.6.0 Alias expansion error)"), log);
            assertFalse(log.contains("members@club1.test has"), log);

            SmtpClient.Reply refused = SmtpClient.send(postfix.smtpPort(), "m1@mail.test", "everyone@club1.test");
            assertEquals("451 4.6.0 Alias expansion error", refused.toString());
            postfix.awaitLog("unreasonable virtual_alias_maps map expansion size for everyone@club1.test", 1);
            assertEquals(Set.of("m1@mail.test", "m2@mail.test", "m3@mail.test", "m4@mail.test", "m5@mail.test"),
                    delivered(postfix, "m1@mail.test", "members@club1.test"));
        }
    }

    private static void assertClub2Unaffected(PrivatePostfix postfix) throws IOException {
        assertEquals(Set.of("dora@mail.test", "emil@mail.test"), delivered(postfix, "emil@mail.test", "members@club2.test"));
        assertEquals(Set.of("dora@mail.test"), delivered(postfix, "emil@mail.test", "board@club2-alt.test"));
    }

    private static void assertRefused(SmtpClient.Reply reply) {
        assertEquals(554, reply.code(), "a sender not on the whitelist: " + reply);
        assertTrue(reply.text().contains("Recipient address rejected: Access denied"), reply.toString());
    }

    /** Sends one message, which Postfix must accept, and returns who received it. */
    private static Set<String> delivered(PrivatePostfix postfix, String from, String to) throws IOException {
        SmtpClient.Reply reply = SmtpClient.send(postfix.smtpPort(), from, to);
        return postfix.deliveredTo(reply.queueId());
    }

    /** Runs the packaged job, which must succeed, and returns its log. */
    private static String sync(Path config) throws Exception {
        var run = ImageIT.launch("--config", config.toString());
        assertEquals(0, run.code(), run.stderr());
        assertFalse(run.stderr().contains(KEY), "the key leaked: " + run.stderr());
        return run.stderr();
    }

    private static void serve(String prefix, String json) {
        api.stubFor(get(urlEqualTo("/" + prefix + "/api/email-lists/")).withHeader("X-API-Key", equalTo(KEY))
                .willReturn(okJson(json)));
    }

    private static List<String> domains() {
        return CLUBS.values().stream().flatMap(List::stream).toList();
    }

    private static Path config(PrivatePostfix postfix) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                default_auth_token: %1$s
                postfix_virtual_file: %2$s/virtual
                postfix_whitelist_file: %2$s/sender_whitelist
                postfix_recipient_check_file: %2$s/recipient_whitelist_check
                admin_email: %3$s
                map_type: %4$s
                postmap_command: %5$s
                reload_command: [%6$s]
                lock_file: %7$s/lock
                state_dir: %7$s/state
                http: { retries: 0 }
                clubs:
                """.formatted(KEY, postfix.maps(), ADMIN, postfix.mapType(), postfix.command("postmap"),
                postfix.command("reload"), postfix.dir()));
        CLUBS.forEach((prefix, domains) -> yaml.append("  - { prefix: ").append(prefix).append(", domains: [")
                .append(String.join(", ", domains)).append("], api_url: 'http://127.0.0.1:").append(api.getPort())
                .append('/').append(prefix).append("/api/email-lists/' }\n"));
        Path file = postfix.dir().resolve("config.yml");
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
