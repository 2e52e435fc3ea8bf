package com.manage2soar.aliassync;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped launcher (target/image), over HTTPS to a server with its own CA. */
class ImageIT {
    static final Path LAUNCHER = Path.of("target/image/bin/m2s-sync-aliases").toAbsolutePath();

    @TempDir
    static Path tls;

    static WireMockServer https;
    static Path caPem;

    record Result(int code, String stdout, String stderr) {}

    @BeforeAll
    static void startHttpsApi() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), "no " + LAUNCHER + ": run ./mvnw package first");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path keystore = tls.resolve("server.p12");
        caPem = tls.resolve("ca.pem");
        exec(List.of(keytool.toString(), "-genkeypair", "-alias", "api", "-keyalg", "EC", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
        exec(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "api", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", caPem.toString()));
        https = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword("changeit")
                .keyManagerPassword("changeit"));
        https.start();
        for (String prefix : Legacy.PREFIXES) {
            https.stubFor(get(urlEqualTo("/" + prefix + "/api/email-lists/"))
                    .withHeader("X-API-Key", equalTo("image-key"))
                    .willReturn(okJson(SyncIntegrationTest.resource("/legacy/api/" + prefix + ".json"))));
        }
    }

    @AfterAll
    static void stop() {
        if (https != null) {
            https.stop();
        }
    }

    static void exec(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), argv + ": " + output);
    }

    static Result launch(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        argv.addAll(List.of(args));
        return launch(argv);
    }

    /** Runs {@code argv} as it is: the launcher, or a command that runs it (under a limit, as another user). */
    static Result launch(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().close();
        var stdout = p.getInputStream().readAllBytes();
        var stderr = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher hung");
        return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }

    static Path config(Path dir, String http) throws IOException {
        Files.createDirectories(dir.resolve("postfix"));
        StringBuilder yaml = new StringBuilder("""
                default_auth_token: image-key
                postfix_virtual_file: %1$s/postfix/virtual
                postfix_whitelist_file: %1$s/postfix/sender_whitelist
                map_type: texthash
                reload_command: []
                lock_file: %1$s/lock
                state_dir: %1$s/state
                http: { retries: 0, %2$s }
                clubs:
                """.formatted(dir, http));
        for (String prefix : Legacy.PREFIXES) {
            yaml.append("  - { prefix: ").append(prefix).append(", domains: [").append(prefix)
                    .append(".example.org], api_url: 'https://localhost:").append(https.httpsPort()).append('/')
                    .append(prefix).append("/api/email-lists/' }\n");
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void versionAndHelpWork() throws Exception {
        Result version = launch("--version");
        assertEquals(0, version.code());
        assertTrue(version.stdout().startsWith("m2s-sync-aliases "), version.stdout());
        Result help = launch("--help");
        assertEquals(0, help.code());
        assertTrue(help.stdout().contains("Exit codes:"), help.stdout());
    }

    @Test
    void aBadCommandLineExits64AndSaysWhy() throws Exception {
        Result run = launch("--dry-run", "--detailed-exitcode", "--bogus");
        assertEquals(64, run.code(), run.stderr());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().startsWith("m2s-sync-aliases: Unknown option: '--bogus'\n"), run.stderr());
    }

    /** picocli is compiled at release 21 for this: the JVM keeps no Java 5 class file in its AOT cache. */
    @Test
    void picocliComesFromTheAotCache() throws Exception {
        Result run = launch(List.of("env", "JAVA_OPTS=-Xlog:class+load=info:stdout", LAUNCHER.toString(), "--version"));
        assertEquals(0, run.code(), run.stderr());
        assertTrue(run.stdout().contains(" picocli.CommandLine source: shared objects file"), run.stdout());
        List<String> fromJar = run.stdout().lines().filter(l -> l.contains("class,load") && l.contains(" picocli.")
                && !l.contains("shared objects file")).toList();
        assertEquals(List.of(), fromJar);
    }

    @Test
    void syncsOverHttpsTrustingThePrivateCaFromCaFile(@TempDir Path dir) throws Exception {
        Result run = launch("--config", config(dir, "ca_file: " + caPem).toString());
        assertEquals(0, run.code(), run.stderr());
        assertTrue(Files.readString(dir.resolve("postfix/virtual"))
                .contains("\ninstructors@c0001.example.org  m1x1@mail1.example.net,m1x7@mail0.example.net\n"));
        assertTrue(!run.stderr().contains("image-key"), "the key must not be logged");
    }

    @Test
    void verboseLogsEveryPlannedChangeQuietLogsNothingAndNeitherShowsTheKey(@TempDir Path dir) throws Exception {
        Path config = config(dir, "ca_file: " + caPem);
        Result verbose = launch("-v", "--config", config.toString());
        assertEquals(0, verbose.code(), verbose.stderr());
        assertTrue(verbose.stderr().contains(
                " DEBUG plan:   + instructors@c0001.example.org  m1x1@mail1.example.net,m1x7@mail0.example.net\n"),
                verbose.stderr());
        assertTrue(!verbose.stderr().contains("image-key"), "the key must not be logged");
        Result quiet = launch("-q", "--config", config.toString());
        assertEquals(0, quiet.code(), quiet.stderr());
        assertEquals("", quiet.stderr());
    }

    @Test
    void refusesAnUntrustedCertificate(@TempDir Path dir) throws Exception {
        Result run = launch("--config", config(dir, "connect_timeout_seconds: 5").toString());
        assertEquals(69, run.code(), run.stderr());
        assertTrue(run.stderr().contains("club c0000: FAILED"), run.stderr());
        assertTrue(Files.notExists(dir.resolve("postfix/virtual")));
    }
}
