package com.manage2soar.aliassync.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10.3: a config SnakeYAML cannot read, or a tagged value it cannot build, is a config error
 * saying where and what is wrong, never quoting the text: here the offending text is a key.
 */
class YamlErrorTest {
    private static final String SECRET = "k3y-9f8e7d6c5b4a";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "default_auth_token: *SECRET | 1:21 | a value starting with '*' is read as a YAML alias: quote the value",
        "default_auth_token: !SECRET | 1:21 | a value starting with '!' is read as a YAML tag: quote the value",
        "default_auth_token: !!java.io.File SECRET | 1:21 | a '!!' type tag that is not allowed here",
        "default_auth_token: !e!SECRET | 1:21 | a value starting with '!' is read as a YAML tag",
        "http: { retries: !!float SECRET } | 1:18 | a value its tag !!float cannot be built from",
        "http: { retries: !!int SECRET } | 1:18 | a value its tag !!int cannot be built from",
        "admin_email: !!timestamp SECRET | 1:14 | a value its tag !!timestamp cannot be built from",
        "admin_email: !!binary SECRET@@ | 1:14 | a value its tag !!binary cannot be built from",
        "clubs: !!set SECRET | 1:8 | a value its tag !!set cannot be built from",
        "default_auth_token: @SECRET | 1:21 | a character that cannot start a value here",
        "default_auth_token: `SECRET | 1:21 | a character that cannot start a value here",
        "default_auth_token: \"\\qSECRET\" | 1:23 | an unknown backslash escape in a double-quoted value",
        "SECRET: 1\\nSECRET: 2 | 2:1 | a key given twice in one mapping",
        "default_auth_token: SECRET: x | 1:37 | mapping values are not allowed here",
        "default_auth_token: [SECRET | 2:1 | while parsing a flow sequence, expected ',' or ']', but got <stream end>",
        "clubs:\\n\\t- SECRET | 2:1 | a tab: YAML indents with spaces only",
    })
    void isRefusedSayingWhereAndWhatButNotTheText(String yaml, String where, String what) throws IOException {
        String message = loadError(yaml);
        assertTrue(message.startsWith(dir.resolve("config.yml") + ":" + where + ": not valid YAML: "), message);
        assertTrue(message.contains(what), message);
        assertFalse(message.contains(SECRET) || message.contains("9f8e"), "the text leaked: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "default_auth_token: *SECRET | (at default_auth_token)",
        "http: { retries: !!float SECRET } | (at http.retries)",
        "http:\\n  retries: 2\\n  concurrency: !!int SECRET | (at http.concurrency)",
        "clubs:\\n  - prefix: a\\n    api_url: !!binary SECRET@@ | (at clubs[0].api_url)",
        "clubs:\\n  - prefix: a\\n  - prefix: b\\n    domains: [x.example, !!float SECRET] | (at clubs[1].domains[1])",
        "http: { SECRET: !!float x } | (at http.?)",
        "SECRET: 1\\nSECRET: 2 | not valid YAML: a key given twice in one mapping\\n",
    })
    void namesTheKeyPathOfTheValueItRefusesButNoKeyItDoesNotKnow(String yaml, String expected) throws IOException {
        String message = loadError(yaml) + "\n";
        assertTrue(message.contains(expected.replace("\\n", "\n")), message);
        assertFalse(message.contains(SECRET) || message.contains("9f8e"), "the text leaked: " + message);
    }

    private String loadError(String yaml) throws IOException {
        Path file = dir.resolve("config.yml");
        Files.writeString(file, yaml.replace("SECRET", SECRET).replace("\\n", "\n").replace("\\t", "\t") + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file)).getMessage();
    }
}
