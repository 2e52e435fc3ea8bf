package com.manage2soar.aliassync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.MapType;
import com.manage2soar.aliassync.render.RenderSettings;
import com.manage2soar.aliassync.render.Renderer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final String TOKEN = "tok-9f8e7d6c5b4a";
    private static final String CLUB_TOKEN = "club-tok-1a2b3c";
    private static final String TOKEN_LINE = "default_auth_token: " + TOKEN + "\n";
    private static final String PRIVATE = "rw-------";
    private static final String WORLD_READABLE = "rw-r--r--";

    /** A valid first club; cases add a second one or replace it. */
    private static final String SSC = """
              - prefix: ssc
                domains: [ssc.example.org]
                api_url: https://ssc.example.org/api/email-lists/
            """;

    @TempDir
    Path dir;

    private Path configFile;

    // ---- helpers ------------------------------------------------------------------------------

    private Path write(String name, String content, String permissions) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private SyncConfig load(String yaml) throws Exception {
        return load(yaml, PRIVATE, Map.of());
    }

    private SyncConfig load(String yaml, String permissions, Map<String, String> env) throws Exception {
        configFile = write("config.yml", yaml, permissions);
        return new ConfigLoader(env).load(configFile);
    }

    /** Loads a config that must be refused; returns the message, which must never carry a token. */
    private String loadError(String yaml) throws IOException {
        return loadError(yaml, PRIVATE);
    }

    private String loadError(String yaml, String permissions) throws IOException {
        configFile = write("config.yml", yaml, permissions);
        String message = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(configFile),
                "expected the config to be refused:\n" + yaml).getMessage();
        assertFalse(message.contains(TOKEN) || message.contains(CLUB_TOKEN), "a token leaked: " + message);
        return message;
    }

    /** The message names the file, then the key path, then says what is wrong. */
    private void assertNamesKey(String message, String keyPath, String why) {
        assertTrue(message.startsWith(configFile + ": " + keyPath + ": "), "expected key " + keyPath + " in: " + message);
        assertTrue(message.contains(why), "expected '" + why + "' in: " + message);
    }

    private static String clubs(String... entries) {
        return "clubs:\n" + String.join("", entries);
    }

    private static String club(String prefix, String domains, String apiUrl) {
        return "  - prefix: " + prefix + "\n    domains: " + domains + "\n    api_url: " + apiUrl + "\n";
    }

    private static Path cwd(String relative) {
        return Path.of("").toAbsolutePath().resolve(relative).normalize();
    }

    /** A PEM certificate (test resource), for http.ca_file, which the loader reads. */
    private static Path caPem() throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/ca.pem").toURI());
    }

    private static ClubSource source(SyncConfig config, String prefix) {
        return config.sources().stream().filter(s -> s.prefix().equals(prefix)).findFirst().orElseThrow();
    }

    // ---- what loads ---------------------------------------------------------------------------

    @Test
    void anExistingDeploymentsLegacyConfigLoads() throws Exception {
        SyncConfig config = load("""
                auth_token: "legacy-token-0123"
                postfix_virtual_file: /etc/postfix/virtual
                postfix_whitelist_file: /etc/postfix/sender_whitelist
                postfix_recipient_check_file: /etc/postfix/recipient_whitelist_check
                rspamd_whitelist_file: /etc/rspamd/local.d/m2s_whitelist.map
                dev_mode:
                  enabled: false
                  redirect_to: ""
                clubs:
                  - prefix: ssc
                    domain: ssc.manage2soar.com
                    api_url: https://ssc.manage2soar.com/api/email-lists/
                  - prefix: mlg
                    domain: MLG.Manage2Soar.com
                    api_url: https://mlg.manage2soar.com/api/email-lists/
                    auth_token: "mlg-own-token"
                """);

        assertEquals(List.of(new Club("ssc", List.of("ssc.manage2soar.com")),
                new Club("mlg", List.of("mlg.manage2soar.com"))), config.clubs());
        assertEquals("legacy-token-0123", source(config, "ssc").token().reveal());
        assertEquals("mlg-own-token", source(config, "mlg").token().reveal());
        assertEquals(URI.create("https://ssc.manage2soar.com/api/email-lists/"), source(config, "ssc").apiUrl());
        assertEquals(new RenderSettings(Path.of("/etc/postfix/virtual"), Path.of("/etc/postfix/sender_whitelist"),
                Optional.of(Path.of("/etc/postfix/recipient_whitelist_check")), Optional.empty(),
                Optional.of(Path.of("/etc/rspamd/local.d/m2s_whitelist.map")), Optional.empty(), Optional.empty()),
                config.render());
        assertEquals(MapType.HASH, config.mapType());
    }

    @Test
    void aPrefixIsTakenAsTheOldScriptTookItUpperCaseIncludedAndNamesTheRspamdFileAsItDid() throws Exception {
        SyncConfig config = load(TOKEN_LINE + "rspamd_whitelist_dir: /etc/rspamd/local.d/whitelists\n"
                + clubs(club("SSC", "[ssc.example.org]", "https://ssc.example.org/api/"),
                        club("Club_2-b.x+y", "[b.example.org]", "https://b.example.org/api/")));

        assertEquals(List.of("SSC", "Club_2-b.x+y"), config.clubs().stream().map(Club::prefix).toList());
        List<String> files = new Renderer(config.render()).render(config.clubs(), Map.of()).stream()
                .map(map -> map.file().name()).toList();
        assertTrue(files.containsAll(List.of("SSC_whitelist.map", "Club_2-b.x+y_whitelist.map")), files.toString());
    }

    @Test
    void aPrefixOf64CharactersLoadsAndOneOf65IsRefused() throws Exception {
        String longest = "p".repeat(64);
        SyncConfig config = load(TOKEN_LINE + clubs(club(longest, "[p.example.org]", "https://p.example.org/api/")));
        assertEquals(List.of(longest), config.clubs().stream().map(Club::prefix).toList());

        assertNamesKey(loadError(TOKEN_LINE + clubs(club(longest + "p", "[p.example.org]", "https://p.example.org/api/"))),
                "clubs[0].prefix", "prefix must be 1 to 64 characters");
    }

    @Test
    void theFullConfigWithEveryNewKeyLoadsWithItsValues() throws Exception {
        Path defaultKey = write("api-key", "file-token-42\n", PRIVATE);
        Path mlgKey = write("mlg-key", "mlg-file-token\n", PRIVATE);
        SyncConfig config = load("""
                default_auth_token_file: %s
                postfix_virtual_file: /etc/postfix/virtual
                postfix_whitelist_file: /etc/postfix/sender_whitelist
                postfix_recipient_check_file: /etc/postfix/recipient_whitelist_check
                rspamd_whitelist_dir: /etc/rspamd/local.d/whitelists
                dev_mode: { enabled: true, redirect_to: "Dev@Example.ORG" }
                admin_email: postmaster@manage2soar.com
                map_type: lmdb
                postmap_command: /usr/local/sbin/postmap
                reload_command: [/usr/sbin/postfix, -c, /etc/postfix, reload]
                lock_file: run/m2s-sync-aliases.lock
                metrics_file: /var/lib/prometheus/node-exporter/m2s_sync_aliases.prom
                http:
                  connect_timeout_seconds: 3
                  request_timeout_seconds: 20
                  retries: 4
                  concurrency: 16
                  deadline_seconds: 120
                  max_response_bytes: 1048576
                  ca_file: %s
                  allow_insecure_http: false
                safety: { max_removed_percent: 35 }
                clubs:
                  - prefix: ssc
                    domains: [ssc.manage2soar.com, SkylineSoaring.org]
                    api_url: https://ssc.manage2soar.com/api/email-lists/
                  - prefix: mlg
                    domains: [mlg.manage2soar.com]
                    api_url: https://mlg.manage2soar.com/api/email-lists/
                    auth_token_file: %s
                  - prefix: cvsa
                    domains: [cvsa.manage2soar.com]
                    api_url: https://cvsa.manage2soar.com/api/email-lists/
                    auth_token: %s
                  - prefix: demo
                    domain: demo.example.org
                    api_url: file:/srv/m2s/demo.json
                """.formatted(defaultKey, caPem(), mlgKey, CLUB_TOKEN));

        assertEquals(configFile, config.file());
        assertEquals(List.of("ssc", "mlg", "cvsa", "demo"), config.clubs().stream().map(Club::prefix).toList());
        assertEquals(List.of("ssc.manage2soar.com", "skylinesoaring.org"), source(config, "ssc").club().domains());
        assertEquals("file-token-42", source(config, "ssc").token().reveal());
        assertEquals("mlg-file-token", source(config, "mlg").token().reveal());
        assertEquals(CLUB_TOKEN, source(config, "cvsa").token().reveal());
        assertEquals(URI.create("file:///srv/m2s/demo.json"), source(config, "demo").apiUrl());
        assertTrue(source(config, "demo").isFile());
        assertEquals(new RenderSettings(Path.of("/etc/postfix/virtual"), Path.of("/etc/postfix/sender_whitelist"),
                Optional.of(Path.of("/etc/postfix/recipient_whitelist_check")),
                Optional.of(Path.of("/etc/rspamd/local.d/whitelists")), Optional.empty(),
                Optional.of(EmailAddress.parse("postmaster@manage2soar.com")),
                Optional.of(EmailAddress.parse("Dev@example.org"))), config.render());
        assertEquals(MapType.LMDB, config.mapType());
        assertEquals(Path.of("/usr/local/sbin/postmap"), config.postmapCommand());
        assertEquals(List.of("/usr/sbin/postfix", "-c", "/etc/postfix", "reload"), config.reloadCommand());
        assertEquals(cwd("run/m2s-sync-aliases.lock"), config.lockFile());
        assertEquals(Optional.of(Path.of("/var/lib/prometheus/node-exporter/m2s_sync_aliases.prom")),
                config.metricsFile());
        assertEquals(new HttpSettings(Duration.ofSeconds(3), Duration.ofSeconds(20), 4, 16, Duration.ofSeconds(120),
                1_048_576, Optional.of(CaFile.read(caPem())), false), config.http());
        assertEquals(35, config.maxRemovedPercent());
    }

    @Test
    void absentKeysTakeTheirDefaults() throws Exception {
        SyncConfig config = load(TOKEN_LINE + clubs(SSC));

        assertEquals(new RenderSettings(Path.of("/etc/postfix/virtual"), Path.of("/etc/postfix/sender_whitelist"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                config.render());
        assertEquals(MapType.HASH, config.mapType());
        assertEquals(Path.of("/usr/sbin/postmap"), config.postmapCommand());
        assertEquals(List.of("/usr/sbin/postfix", "reload"), config.reloadCommand());
        assertEquals(Path.of("/run/lock/m2s-sync-aliases.lock"), config.lockFile());
        assertEquals(Optional.empty(), config.metricsFile());
        assertEquals(HttpSettings.DEFAULTS, config.http());
        assertEquals(20, config.maxRemovedPercent());
        assertEquals(CommandLimits.DEFAULTS, config.commandLimits());
    }

    @Test
    void eachCommandsTimeLimitIsSetOnItsOwn() throws Exception {
        SyncConfig config = load(TOKEN_LINE + "postmap_timeout_seconds: 600\nreload_timeout_seconds: 5\n" + clubs(SSC));

        assertEquals(new CommandLimits(Duration.ofSeconds(600), CommandLimits.DEFAULTS.postconf(), Duration.ofSeconds(5)),
                config.commandLimits());
    }

    @Test
    void aPartialHttpBlockKeepsTheOtherDefaults() throws Exception {
        SyncConfig config = load(TOKEN_LINE + "http: { retries: 0 }\nreload_command: []\n" + clubs(SSC));

        assertEquals(0, config.http().retries());
        assertEquals(HttpSettings.DEFAULTS.requestTimeout(), config.http().requestTimeout());
        assertEquals(HttpSettings.DEFAULTS.concurrency(), config.http().concurrency());
        assertEquals(List.of(), config.reloadCommand(), "[] means never reload");
    }

    @Test
    void aRelativeFileUrlIsResolvedAgainstTheWorkingDirectoryAndNeedsNoToken() throws Exception {
        SyncConfig config = load(clubs(club("demo", "[demo.example.org]", "file:saved/../api/demo.json")),
                WORLD_READABLE, Map.of());

        ClubSource demo = config.sources().get(0);
        assertTrue(demo.isFile());
        assertEquals(cwd("api/demo.json").toUri(), demo.apiUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/api/email-lists/", "http://localhost/api/", "http://[::1]:9000/api/"})
    void plainHttpToTheLoopbackIsAccepted(String url) throws Exception {
        SyncConfig config = load(TOKEN_LINE + clubs(club("ssc", "[ssc.example.org]", url)));

        assertEquals(URI.create(url), config.sources().get(0).apiUrl());
    }

    @Test
    void plainHttpToAnotherHostIsAcceptedOnlyWithAllowInsecureHttp() throws Exception {
        String clubs = clubs(club("ssc", "[ssc.example.org]", "http://ssc.example.org/api/email-lists/"));

        assertNamesKey(loadError(TOKEN_LINE + clubs), "clubs[0].api_url", "http.allow_insecure_http: true");
        SyncConfig config = load(TOKEN_LINE + "http: { allow_insecure_http: true }\n" + clubs);
        assertEquals(URI.create("http://ssc.example.org/api/email-lists/"), config.sources().get(0).apiUrl());
        assertTrue(config.http().allowInsecureHttp());
    }

    // ---- what is refused, and where -----------------------------------------------------------

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of("bad domain in the second club", TOKEN_LINE + clubs(SSC,
                        club("abc", "[abc.example.org, nodot]", "https://abc.example.org/api/")),
                        "clubs[1].domains[1]", "has no dot"),
                Arguments.of("misspelt club key", TOKEN_LINE + clubs("""
                          - prefix: ssc
                            domains: [ssc.example.org]
                            api_ur: https://ssc.example.org/api/
                        """), "clubs[0].api_ur", "unknown key"),
                Arguments.of("misspelt top-level key", "defualt_auth_token: x\n" + clubs(SSC),
                        "defualt_auth_token", "unknown key"),
                Arguments.of("unknown http key", TOKEN_LINE + "http: { timeout: 5 }\n" + clubs(SSC),
                        "http.timeout", "unknown key"),
                Arguments.of("retries out of range", TOKEN_LINE + "http: { retries: 11 }\n" + clubs(SSC),
                        "http.retries", "between 0 and 10"),
                Arguments.of("retries not a number", TOKEN_LINE + "http: { retries: two }\n" + clubs(SSC),
                        "http.retries", "must be a whole number, found a string"),
                Arguments.of("zero concurrency", TOKEN_LINE + "http: { concurrency: 0 }\n" + clubs(SSC),
                        "http.concurrency", "between 1 and 256"),
                Arguments.of("allow_insecure_http not a boolean",
                        TOKEN_LINE + "http: { allow_insecure_http: \"yes\" }\n" + clubs(SSC),
                        "http.allow_insecure_http", "must be true or false"),
                Arguments.of("http not a mapping", TOKEN_LINE + "http: 5\n" + clubs(SSC),
                        "http", "must be a mapping"),
                Arguments.of("safety percent out of range",
                        TOKEN_LINE + "safety: { max_removed_percent: 150 }\n" + clubs(SSC),
                        "safety.max_removed_percent", "between 0 and 100"),
                Arguments.of("unknown map type", TOKEN_LINE + "map_type: bdb\n" + clubs(SSC),
                        "map_type", "must be one of hash"),
                Arguments.of("reload_command as a shell string",
                        TOKEN_LINE + "reload_command: postfix reload\n" + clubs(SSC),
                        "reload_command", "must be a list, found a string"),
                Arguments.of("clubs a mapping", TOKEN_LINE + "clubs: { prefix: ssc }\n",
                        "clubs", "must be a list, found a mapping"),
                Arguments.of("a club that is a string", TOKEN_LINE + "clubs: [ssc]\n",
                        "clubs[0]", "must be a mapping"),
                Arguments.of("no clubs key", TOKEN_LINE, "clubs", "required key is missing"),
                Arguments.of("empty clubs list", TOKEN_LINE + "clubs: []\n", "clubs", "no club configured"),
                Arguments.of("missing api_url", TOKEN_LINE + clubs("  - prefix: ssc\n    domains: [ssc.example.org]\n"),
                        "clubs[0].api_url", "required key is missing"),
                Arguments.of("prefix a number", TOKEN_LINE + clubs(club("123", "[a.example.org]", "https://a.example.org/")),
                        "clubs[0].prefix", "must be a string, found a number"),
                Arguments.of("prefix escaping its directory", TOKEN_LINE + clubs(club("../x", "[x.example.org]",
                        "https://x.example.org/")), "clubs[0].prefix", "prefix must not start with '.'"),
                Arguments.of("hidden-file prefix", TOKEN_LINE + clubs(club(".ssc", "[x.example.org]",
                        "https://x.example.org/")), "clubs[0].prefix", "prefix must not start with '.'"),
                Arguments.of("prefix with a space", TOKEN_LINE + clubs(club("\"my club\"", "[x.example.org]",
                        "https://x.example.org/")), "clubs[0].prefix", "U+0020 not allowed in a prefix"),
                Arguments.of("prefix with a slash", TOKEN_LINE + clubs(club("a/b", "[x.example.org]",
                        "https://x.example.org/")), "clubs[0].prefix", "'/' not allowed"),
                Arguments.of("duplicate prefix", TOKEN_LINE + clubs(SSC, club("ssc", "[other.example.org]",
                        "https://other.example.org/")), "clubs[1].prefix", "the same prefix as clubs["),
                Arguments.of("domain of two clubs", TOKEN_LINE + clubs(SSC, club("abc", "[abc.example.org, SSC.Example.org]",
                        "https://abc.example.org/")), "clubs[1].domains", "names a domain of clubs[0] too"),
                Arguments.of("both domain and domains", TOKEN_LINE + clubs(SSC.replace("    domains:",
                        "    domain: ssc.example.org\n    domains:")), "clubs[0]", "either domains"),
                Arguments.of("no domain at all", TOKEN_LINE + clubs("  - prefix: ssc\n    api_url: https://ssc.example.org/\n"),
                        "clubs[0]", "either domains"),
                Arguments.of("empty domains list", TOKEN_LINE + clubs(club("ssc", "[]", "https://ssc.example.org/")),
                        "clubs[0].domains", "at least one"),
                Arguments.of("https club without any token", clubs(SSC), "clubs[0]", "club ssc has no API key"),
                Arguments.of("ftp url", TOKEN_LINE + clubs(club("ssc", "[ssc.example.org]", "ftp://ssc.example.org/x")),
                        "clubs[0].api_url", "must be an https://"),
                Arguments.of("url without scheme", TOKEN_LINE + clubs(club("ssc", "[ssc.example.org]", "ssc.example.org/api")),
                        "clubs[0].api_url", "must be an https://"),
                Arguments.of("url with user:password", TOKEN_LINE + clubs(club("ssc", "[ssc.example.org]",
                        "https://me:pw@ssc.example.org/")), "clubs[0].api_url", "no user:password"),
                Arguments.of("legacy and new default token", TOKEN_LINE + "auth_token: other\n" + clubs(SSC),
                        "auth_token", "give only one"),
                Arguments.of("legacy and new rspamd output", TOKEN_LINE + "rspamd_whitelist_dir: /a\n"
                        + "rspamd_whitelist_file: /b\n" + clubs(SSC), "rspamd_whitelist_file", "give only one"),
                Arguments.of("dev mode without redirect", TOKEN_LINE + "dev_mode: { enabled: true }\n" + clubs(SSC),
                        "dev_mode.redirect_to", "required key is missing"),
                Arguments.of("bad admin email", TOKEN_LINE + "admin_email: postmaster\n" + clubs(SSC),
                        "admin_email", "not a usable mail address"),
                Arguments.of("default token of the wrong type", "default_auth_token: [" + TOKEN + "]\n" + clubs(SSC),
                        "default_auth_token", "must be a string, found a list"),
                Arguments.of("club token of the wrong type",
                        TOKEN_LINE + clubs(SSC + "    auth_token: {" + CLUB_TOKEN + ": 1}\n"),
                        "clubs[0].auth_token", "must be a string, found a mapping"),
                Arguments.of("a club with an unknown key beside its inline token",
                        TOKEN_LINE + clubs(SSC + "    auth_token: " + CLUB_TOKEN + "\n    token: x\n"),
                        "clubs[0].token", "unknown key"),
                Arguments.of("empty postmap_command", TOKEN_LINE + "postmap_command: \"\"\n" + clubs(SSC),
                        "postmap_command", "must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void anInvalidConfigIsRefusedNamingTheKeyPath(String what, String yaml, String keyPath, String why) throws Exception {
        assertNamesKey(loadError(yaml), keyPath, why);
    }

    @Test
    void aCaFileThatIsMissingOrHoldsNoCertificateIsRefused() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path notPem = write("not.pem", "just text\n", PRIVATE);

        for (Path caFile : List.of(missing, notPem)) {
            assertNamesKey(loadError(TOKEN_LINE + "http: { ca_file: " + caFile + " }\n" + clubs(SSC)),
                    "http.ca_file", caFile.toString());
        }
    }

    @Test
    void aDuplicateYamlKeyIsRefused() throws Exception {
        String message = loadError(TOKEN_LINE + clubs(SSC + "    prefix: other\n"));

        assertTrue(message.contains("the key 'prefix' given twice"), message);
    }

    @Test
    void aYamlSyntaxErrorSaysWhereButNeverQuotesTheLineThatHoldsTheToken() throws Exception {
        String message = loadError("default_auth_token: \"" + TOKEN + "\n" + clubs(SSC));
        assertTrue(message.startsWith(configFile + ":"), message);
        assertTrue(message.contains("not valid YAML"), message);
        assertFalse(message.contains(TOKEN), message);

        String duplicate = loadError(TOKEN_LINE + TOKEN_LINE + clubs(SSC));
        assertTrue(duplicate.contains("the key 'default_auth_token' given twice"), duplicate);
    }

    @Test
    void aTokenThatCannotBeSentInAHeaderIsRefusedWithoutQuotingIt() throws Exception {
        String message = loadError("default_auth_token: \"" + TOKEN + "\\n" + TOKEN + "\"\n" + clubs(SSC));
        assertNamesKey(message, "default_auth_token", "control or non-ASCII character");
        Path file = write("club-key", "caf\u00e9-" + CLUB_TOKEN + "\n", PRIVATE);
        assertNamesKey(loadError(TOKEN_LINE + clubs(SSC + "    auth_token_file: " + file + "\n")),
                "clubs[0].auth_token_file", "non-ASCII");
    }

    @Test
    void aDuplicatePrefixNamesTheClubThatHadItFirst() throws Exception {
        assertNamesKey(loadError(TOKEN_LINE + clubs(SSC, club("x", "[x.example.org]", "https://x.example.org/api/"),
                club("ssc", "[other.example.org]", "https://other.example.org/api/"))),
                "clubs[2].prefix", "the same prefix as clubs[0]");
    }

    @Test
    void aFileUrlWithAHostIsAConfigError() throws Exception {
        assertNamesKey(loadError(clubs(club("ssc", "[ssc.example.org]", "file://saved/c.json"))),
                "clubs[0].api_url", "names a local file");
    }

    @Test
    void aMissingClubTokenFileNamesTheClubsKey() throws Exception {
        Path key = dir.resolve("no-such-key");
        assertNamesKey(loadError(clubs(SSC + "    auth_token_file: " + key + "\n")),
                "clubs[0].auth_token_file", key + ": no such file");
    }

    @Test
    void aMissingOrEmptyFileIsRefused() throws Exception {
        Path missing = dir.resolve("nope.yml");
        String message = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(missing)).getMessage();
        assertTrue(message.startsWith(missing + ": no such file"), message);

        assertTrue(loadError("# nothing here\n").endsWith("the file is empty"));
    }

    // ---- secrets: file modes, token files, the environment ------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----"})
    void aConfigWithAnInlineTokenThatOthersCanAccessIsRefused(String permissions) throws Exception {
        String message = loadError(TOKEN_LINE + clubs(SSC), permissions);

        assertTrue(message.contains("chmod 600 " + configFile), message);
    }

    @Test
    void aConfigWithOnlyAPerClubInlineTokenMustBePrivateToo() throws Exception {
        String message = loadError(clubs(SSC + "    auth_token: " + CLUB_TOKEN + "\n"), WORLD_READABLE);

        assertTrue(message.contains("chmod 600"), message);
    }

    @Test
    void aConfigWithAnInlineTokenAndMode0600Loads() throws Exception {
        SyncConfig config = load(TOKEN_LINE + clubs(SSC), PRIVATE, Map.of());

        assertEquals(TOKEN, config.sources().get(0).token().reveal());
    }

    @Test
    void aConfigWithoutASecretMayBeReadableByOthers() throws Exception {
        Path key = write("api-key", TOKEN + "\n", PRIVATE);

        SyncConfig config = load("default_auth_token_file: " + key + "\n" + clubs(SSC), WORLD_READABLE, Map.of());

        assertEquals(TOKEN, config.sources().get(0).token().reveal());
    }

    @Test
    void aTokenFileThatOthersCanReadIsRefused() throws Exception {
        Path key = write("api-key", TOKEN + "\n", WORLD_READABLE);

        String message = loadError("default_auth_token_file: " + key + "\n" + clubs(SSC));

        assertTrue(message.contains(key.toString()) && message.contains("chmod 600 " + key), message);
    }

    @Test
    void aTokenFileMustHoldExactlyOneLine() throws Exception {
        Path key = write("api-key", TOKEN + "\nsecond-line\n", PRIVATE);

        assertNamesKey(loadError("default_auth_token_file: " + key + "\n" + clubs(SSC)),
                "default_auth_token_file", "exactly one line");
    }

    @Test
    void aMissingTokenFileNamesTheKey() throws Exception {
        Path key = dir.resolve("no-such-key");

        assertNamesKey(loadError("default_auth_token_file: " + key + "\n" + clubs(SSC)),
                "default_auth_token_file", key + ": no such file");
    }

    @Test
    void anInlineTokenAndATokenFileTogetherAreRefused() throws Exception {
        Path key = write("api-key", TOKEN + "\n", PRIVATE);

        assertNamesKey(loadError(TOKEN_LINE + "default_auth_token_file: " + key + "\n" + clubs(SSC)),
                "default_auth_token_file", "not both");
    }

    @Test
    void theEnvironmentTokenReplacesTheDefaultTokenButNotAClubsOwn() throws Exception {
        SyncConfig config = load(TOKEN_LINE + clubs(SSC, club("abc", "[abc.example.org]", "https://abc.example.org/")
                + "    auth_token: " + CLUB_TOKEN + "\n"), PRIVATE, Map.of(ConfigLoader.TOKEN_ENV, " env-token-77\n"));

        assertEquals("env-token-77", source(config, "ssc").token().reveal());
        assertEquals(CLUB_TOKEN, source(config, "abc").token().reveal());
    }

    @Test
    void theEnvironmentTokenAloneIsEnoughAndABlankOneIsIgnored() throws Exception {
        SyncConfig config = load(clubs(SSC), WORLD_READABLE, Map.of(ConfigLoader.TOKEN_ENV, "env-token-77"));
        assertEquals("env-token-77", config.sources().get(0).token().reveal());

        SyncConfig blank = load(TOKEN_LINE + clubs(SSC), PRIVATE, Map.of(ConfigLoader.TOKEN_ENV, "  "));
        assertEquals(TOKEN, blank.sources().get(0).token().reveal());
    }

    @Test
    void noTokenAppearsInTheToStringOfTheConfigOrItsSources() throws Exception {
        SyncConfig config = load(TOKEN_LINE + clubs(SSC, club("abc", "[abc.example.org]", "https://abc.example.org/")
                + "    auth_token: " + CLUB_TOKEN + "\n"));
        assertEquals(CLUB_TOKEN, source(config, "abc").token().reveal(), "the tokens are there");

        List<String> printed = Stream.concat(Stream.of(config.toString()),
                config.sources().stream().flatMap(s -> Stream.of(s.toString(), s.token().toString()))).toList();
        for (String text : printed) {
            assertFalse(text.contains(TOKEN) || text.contains(CLUB_TOKEN), "a token leaked: " + text);
        }
    }

    @Test
    void theStateDirectoryAndTheSafetyMinimumHaveDefaultsAndCanBeSet() throws Exception {
        SyncConfig defaults = load(TOKEN_LINE + clubs(SSC));
        assertEquals(Path.of("/var/lib/m2s-sync-aliases"), defaults.stateDir());
        assertEquals(new com.manage2soar.aliassync.plan.SafetyRules(20, 10), defaults.safety());

        SyncConfig set = load(TOKEN_LINE + "state_dir: /srv/m2s/state\nsafety: { max_removed_percent: 30, "
                + "min_removed_recipients: 3 }\n" + clubs(SSC));
        assertEquals(Path.of("/srv/m2s/state"), set.stateDir());
        assertEquals(new com.manage2soar.aliassync.plan.SafetyRules(30, 3), set.safety());
    }
}
