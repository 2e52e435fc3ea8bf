package com.manage2soar.aliassync.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.manage2soar.aliassync.api.ApiFixtures.CURRENT_SHAPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.manage2soar.aliassync.config.CaFile;
import com.manage2soar.aliassync.config.ClubSource;
import com.manage2soar.aliassync.config.ConfigException;
import com.manage2soar.aliassync.config.HttpSettings;
import com.manage2soar.aliassync.config.Secret;
import com.manage2soar.aliassync.model.Club;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS is always verified: a private CA is trusted only through http.ca_file. */
class HttpsCaFileTest {
    private static final String TOKEN = "tls-key-0c0d0e0f";
    private static final String PATH = "/api/email-lists/";
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static WireMockServer server;
    /** The server's self-signed certificate, PEM: the whole "CA" of this test. */
    private static Path certificatePem;

    @BeforeAll
    static void startHttpsServerWithItsOwnCertificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        certificatePem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        Files.writeString(certificatePem, pem(keystore));

        server = new WireMockServer(wireMockConfig()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword(STORE_PASSWORD)
                .keyManagerPassword(STORE_PASSWORD));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void serveTheLists() {
        server.resetAll();
        server.stubFor(get(urlEqualTo(PATH)).willReturn(okJson(ApiFixtures.text(CURRENT_SHAPE))));
    }

    /** Runs the running JDK's keytool: the JDK's own certificate tooling, nothing to download. */
    private static void keytool(String... args) throws IOException, InterruptedException {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), () -> "keytool failed: " + output);
    }

    /** The keystore's certificate in PEM, as an admin would give it in http.ca_file. */
    private static String pem(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        byte[] der = store.getCertificate("server").getEncoded();
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    private static HttpSettings settings(Optional<Path> caFile) {
        return TestHttpSettings.DEFAULTS.withRequestTimeout(Duration.ofSeconds(5)).withRetries(0).withConcurrency(2)
                .withDeadline(Duration.ofSeconds(15)).withMaxResponseBytes(1 << 20).withCaFile(caFile.map(HttpsCaFileTest::read)).settings();
    }

    private static CaFile read(Path file) {
        try {
            return CaFile.read(file);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static ClubSource source(String scheme, String host, int port) {
        return new ClubSource(new Club("ssc", List.of("ssc.example.org")),
                URI.create(scheme + "://" + host + ":" + port + PATH), new Secret(TOKEN));
    }

    private static ClubAnswer fetch(Optional<Path> caFile, String host) {
        HttpSettings settings = settings(caFile);
        List<ClubSource> sources = List.of(source("https", host, server.httpsPort()));
        return new ClubFetcher(settings, () -> HttpClients.create(settings, sources)).fetchAll(sources).get(0).parsed();
    }

    @Test
    void withTheCaFileTheServerIsTrusted() throws Exception {
        ClubAnswer result = fetch(Optional.of(certificatePem), "127.0.0.1");

        ClubAnswer.Parsed fetched = assertInstanceOf(ClubAnswer.Parsed.class, result, result::toString);
        assertEquals(ApiResponseParser.parse(new ByteArrayInputStream(ApiFixtures.bytes(CURRENT_SHAPE))),
                fetched.lists());
        server.verify(1, getRequestedFor(urlEqualTo(PATH)).withHeader("X-API-Key", equalTo(TOKEN)));
    }

    @Test
    void theCertificatesDnsNameIsAcceptedToo() {
        ClubAnswer result = fetch(Optional.of(certificatePem), "localhost");

        assertInstanceOf(ClubAnswer.Parsed.class, result, result::toString);
    }

    @Test
    void withoutTheCaFileTheServerIsNotTrustedAndGetsNoKey() {
        ClubAnswer result = fetch(Optional.empty(), "127.0.0.1");

        assertUnavailableWithoutRequest(result, "unable to find valid certification path");
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() {
        // 127.0.0.2 is the same loopback server, but not a name in the certificate.
        ClubAnswer result = fetch(Optional.of(certificatePem), "127.0.0.2");

        assertUnavailableWithoutRequest(result, "No subject alternative names matching IP address 127.0.0.2");
    }

    /** The TLS handshake failed for {@code why}, before any request (and key) was sent. */
    private static void assertUnavailableWithoutRequest(ClubAnswer result, String why) {
        ClubAnswer.Failed failed = assertInstanceOf(ClubAnswer.Failed.class, result, result::toString);
        assertEquals(FetchFailure.UNAVAILABLE, failed.kind(), failed::reason);
        assertTrue(failed.reason().contains("SSLHandshakeException") && failed.reason().contains(why), failed::reason);
        assertFalse(failed.reason().contains(TOKEN), failed::reason);
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void httpsClubsWithoutACaFileTrustTheJdksCertificates() throws GeneralSecurityException {
        HttpClient client = HttpClients.create(settings(Optional.empty()),
                List.of(source("http", "127.0.0.1", 8080), source("https", "127.0.0.1", server.httpsPort())));

        assertSame(SSLContext.getDefault(), client.sslContext());
    }

    @Test
    void aClientForPlainHttpClubsTrustsNoCertificate() throws GeneralSecurityException {
        HttpSettings settings = settings(Optional.empty());
        List<ClubSource> plain = List.of(source("http", "127.0.0.1", 8080));
        List<ClubSource> secure = List.of(source("https", "127.0.0.1", server.httpsPort()));

        HttpClient client = HttpClients.create(settings, plain);
        ClubAnswer result = new ClubFetcher(settings, () -> client).fetchAll(secure).get(0).parsed();

        assertNotSame(SSLContext.getDefault(), client.sslContext());
        ClubAnswer.Failed failed = assertInstanceOf(ClubAnswer.Failed.class, result, result::toString);
        assertEquals(FetchFailure.UNAVAILABLE, failed.kind(), failed::reason);
        assertTrue(failed.reason().contains("SSLException"), failed::reason);
        server.verify(0, anyRequestedFor(anyUrl()));
    }
}
