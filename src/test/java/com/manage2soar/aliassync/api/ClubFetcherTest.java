package com.manage2soar.aliassync.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.manage2soar.aliassync.api.ApiFixtures.CURRENT_SHAPE;
import static com.manage2soar.aliassync.api.ApiFixtures.OBJECT_SHAPE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.manage2soar.aliassync.config.ClubSource;
import com.manage2soar.aliassync.config.HttpSettings;
import com.manage2soar.aliassync.config.Secret;
import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClubFetcherTest {
    private static final String TOKEN = "club-key-5e6f7a8b";
    private static final String PATH = "/api/email-lists/";
    private static final String CONCURRENT = "/concurrent/";
    private static final Duration SERVER_DELAY = Duration.ofMillis(300);

    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    /** Another host, where a redirect would send the key. */
    @RegisterExtension
    static final WireMockExtension elsewhere = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    // ---- settings, sources and assertions -----------------------------------------------------

    /** The http settings of the tests: small timeouts so the suite stays fast. */
    private static final TestHttpSettings FAST = TestHttpSettings.DEFAULTS.withRequestTimeout(Duration.ofSeconds(5))
            .withRetries(0).withConcurrency(4).withDeadline(Duration.ofSeconds(15)).withMaxResponseBytes(1 << 20);

    /**
     * Time for a fetcher that only its own waits move: each wait is recorded and returns at once, so a test of
     * retries and deadlines neither sleeps nor depends on how fast the machine is.
     */
    private static final class FakeTime implements LongSupplier, ClubFetcher.Sleeper {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
        private final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            nanos.addAndGet(duration.toNanos());
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }
    }

    private record Timed(List<ClubAnswer> results, Duration took) {}

    private static ClubSource source(String prefix, URI url) {
        return new ClubSource(new Club(prefix, List.of(prefix + ".example.org")), url, new Secret(TOKEN));
    }

    /** A club served by {@code api} at {@code path}; 127.0.0.1 rather than localhost, which may be ::1. */
    private static ClubSource source(String prefix, String path) {
        return source(prefix, URI.create("http://127.0.0.1:" + api.getPort() + path));
    }

    private static Timed fetchAll(TestHttpSettings http, List<ClubSource> sources, Supplier<HttpClient> clients) {
        return fetchAll(new ClubFetcher(http.settings(), clients), sources);
    }

    private static Timed fetchAll(ClubFetcher fetcher, List<ClubSource> sources) {
        long start = System.nanoTime();
        List<ClubAnswer> results = fetcher.fetchAll(sources).stream().map(ClubAnswer::parsed).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(sources.stream().map(ClubSource::club).toList(), results.stream().map(ClubAnswer::club).toList(),
                "one result per club, in the order of the sources");
        return new Timed(results, took);
    }

    private static Timed fetchAll(TestHttpSettings http, List<ClubSource> sources) {
        return fetchAll(http, sources, () -> HttpClients.create(http.settings(), sources));
    }

    private static ClubAnswer fetch(TestHttpSettings http, String path) {
        return fetchAll(http, List.of(source("ssc", path))).results().get(0);
    }

    /** One club fetched on {@code time}, which records the fetcher's waits. */
    private static ClubAnswer fetch(TestHttpSettings http, ClubSource source, FakeTime time) {
        HttpSettings settings = http.settings();
        List<ClubSource> sources = List.of(source);
        ClubFetcher fetcher = new ClubFetcher(settings, () -> HttpClients.create(settings, sources), time, time);
        return fetchAll(fetcher, sources).results().get(0);
    }

    private static ClubAnswer fetch(TestHttpSettings http, String path, FakeTime time) {
        return fetch(http, source("ssc", path), time);
    }

    private static void assertBetween(Duration least, Duration most, Duration actual) {
        assertTrue(actual.compareTo(least) >= 0 && actual.compareTo(most) <= 0,
                () -> actual + " is not within [" + least + ", " + most + "]");
    }

    private static ClubAnswer.Parsed assertFetched(ClubAnswer result) {
        return assertInstanceOf(ClubAnswer.Parsed.class, result, result::toString);
    }

    /** A failure of the given kind, whose reason (it goes to the log) does not carry the key. */
    private static ClubAnswer.Failed assertFailed(FetchFailure kind, ClubAnswer result) {
        ClubAnswer.Failed failed = assertInstanceOf(ClubAnswer.Failed.class, result, result::toString);
        assertEquals(kind, failed.kind(), failed::reason);
        assertFalse(failed.reason().contains(TOKEN), failed::reason);
        return failed;
    }

    private static void assertReason(ClubAnswer.Failed failed, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(failed.reason().contains(fragment), () -> "expected '" + fragment + "' in: " + failed.reason());
        }
    }

    private static void stub(String path, ResponseDefinitionBuilder response) {
        api.stubFor(get(urlEqualTo(path)).willReturn(response));
    }

    /** {@code first}, then {@code then} for every later request to {@code path}. */
    private static void stubSequence(String path, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        api.stubFor(get(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(STARTED)
                .willReturn(first).willSetStateTo("answered once"));
        api.stubFor(get(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("answered once").willReturn(then));
    }

    private static void assertRequests(int count, String path) {
        api.verify(count, getRequestedFor(urlEqualTo(path)));
    }

    private static ApiLists expectedLists() throws Exception {
        return ApiResponseParser.parse(new ByteArrayInputStream(ApiFixtures.bytes(CURRENT_SHAPE)));
    }

    /** A valid response of about {@code members * 25} bytes. */
    private static String bigResponse(int members) {
        return IntStream.range(0, members).mapToObj(i -> "\"member" + i + "@mail.example.net\"")
                .collect(Collectors.joining(", ", "{\"lists\": {\"members\": [", "]}}"));
    }

    // ---- answers ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {CURRENT_SHAPE, OBJECT_SHAPE})
    void bothResponseShapesAreFetched(String fixture) throws Exception {
        stub(PATH, okJson(ApiFixtures.text(fixture)));

        ClubAnswer.Parsed fetched = assertFetched(fetch(FAST, PATH));

        assertEquals("ssc", fetched.club().prefix());
        assertEquals(expectedLists(), fetched.lists());
        assertFalse(fetched.took().isNegative() || fetched.took().isZero());
    }

    @Test
    void theRequestCarriesTheKeyAndAsksForJson() {
        stub(PATH, okJson(ApiFixtures.text(CURRENT_SHAPE)));

        assertFetched(fetch(FAST, PATH));

        api.verify(1, getRequestedFor(urlEqualTo(PATH))
                .withHeader("X-API-Key", equalTo(TOKEN))
                .withHeader("Accept", equalTo("application/json")));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void aRefusedKeyFailsAsAuthWithoutRetrying(int status) {
        stub(PATH, aResponse().withStatus(status));

        assertReason(assertFailed(FetchFailure.AUTH, fetch(FAST.withRetries(2), PATH)), "HTTP " + status);
        assertRequests(1, PATH);
    }

    @Test
    void aServerErrorIsRetriedThenFailsAsUnavailable() {
        stub(PATH, aResponse().withStatus(500));
        FakeTime time = new FakeTime();

        ClubAnswer result = fetch(FAST.withRetries(2), PATH, time);

        assertReason(assertFailed(FetchFailure.UNAVAILABLE, result), "HTTP 500", "after 3 attempts");
        assertRequests(3, PATH);
        assertEquals(2, time.waits().size(), time.waits()::toString);
    }

    @Test
    void theBackoffDoublesWithEqualJitterUpToACeiling() {
        stub(PATH, aResponse().withStatus(503));
        FakeTime time = new FakeTime();

        fetch(FAST.withRetries(8).withDeadline(Duration.ofMinutes(5)), PATH, time);

        assertRequests(9, PATH);
        List<Duration> waits = time.waits();
        assertEquals(8, waits.size(), waits::toString);
        for (int retry = 0; retry < waits.size(); retry++) {
            Duration ceiling = Duration.ofMillis(500L << Math.min(retry, 6));
            // Equal jitter: at least half the ceiling, so no club retries at once.
            assertBetween(ceiling.dividedBy(2), ceiling, waits.get(retry));
        }
    }

    @Test
    void aServiceUnavailableThatRecoversIsFetched() throws Exception {
        stubSequence(PATH, aResponse().withStatus(503), okJson(ApiFixtures.text(CURRENT_SHAPE)));
        FakeTime time = new FakeTime();

        assertEquals(expectedLists(), assertFetched(fetch(FAST.withRetries(2), PATH, time)).lists());
        assertRequests(2, PATH);
        assertEquals(1, time.waits().size(), time.waits()::toString);
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServersRetryAfter() {
        stubSequence(PATH, aResponse().withStatus(429).withHeader("Retry-After", "7"),
                okJson(ApiFixtures.text(CURRENT_SHAPE)));
        FakeTime time = new FakeTime();

        assertFetched(fetch(FAST.withRetries(1), PATH, time));

        assertRequests(2, PATH);
        assertEquals(List.of(Duration.ofSeconds(7)), time.waits());
    }

    @Test
    void aRetryAfterIsCappedAtThirtySeconds() {
        stubSequence(PATH, aResponse().withStatus(503).withHeader("Retry-After", "3600"),
                okJson(ApiFixtures.text(CURRENT_SHAPE)));
        FakeTime time = new FakeTime();

        assertFetched(fetch(FAST.withRetries(1).withDeadline(Duration.ofMinutes(5)), PATH, time));

        assertEquals(List.of(Duration.ofSeconds(30)), time.waits());
    }

    @Test
    void aRetryAfterBeyondTheDeadlineFailsWithoutWaiting() {
        stub(PATH, aResponse().withStatus(429).withHeader("Retry-After", "20"));
        FakeTime time = new FakeTime();

        ClubAnswer result = fetch(FAST.withRetries(2).withDeadline(Duration.ofSeconds(5)), PATH, time);

        assertReason(assertFailed(FetchFailure.UNAVAILABLE, result), "HTTP 429", "no time left");
        assertRequests(1, PATH);
        assertEquals(List.of(), time.waits());
    }

    @Test
    void retriesStopWhenTheNextWaitWouldPassTheDeadline() {
        stub(PATH, aResponse().withStatus(503).withHeader("Retry-After", "20"));
        FakeTime time = new FakeTime();

        ClubAnswer result = fetch(FAST.withRetries(5).withDeadline(Duration.ofSeconds(60)), PATH, time);

        // Waits of 20 s at 0 and 20 s; at 40 s, one more would end exactly at the deadline.
        assertReason(assertFailed(FetchFailure.UNAVAILABLE, result), "HTTP 503",
                "no time left to retry within http.deadline_seconds");
        assertRequests(3, PATH);
        assertEquals(List.of(Duration.ofSeconds(20), Duration.ofSeconds(20)), time.waits());
    }

    @Test
    void notFoundFailsWithoutRetrying() {
        stub(PATH, aResponse().withStatus(404));

        assertReason(assertFailed(FetchFailure.UNAVAILABLE, fetch(FAST.withRetries(2), PATH)), "HTTP 404");
        assertRequests(1, PATH);
    }

    @Test
    void aServerThatDoesNotAnswerWithinTheRequestTimeoutFails() {
        String slow = "/slow/request-timeout";
        stub(slow, okJson(ApiFixtures.text(CURRENT_SHAPE)).withFixedDelay(3_000));

        ClubAnswer result = fetch(FAST.withRequestTimeout(Duration.ofMillis(300)), slow);

        assertReason(assertFailed(FetchFailure.UNAVAILABLE, result), "no response within 300 ms");
    }

    @Test
    void aRequestThatTimesOutIsRetriedAndTheClubIsFetched() throws Exception {
        stubSequence(PATH, okJson(ApiFixtures.text(CURRENT_SHAPE)).withFixedDelay(3_000),
                okJson(ApiFixtures.text(CURRENT_SHAPE)));
        FakeTime time = new FakeTime();

        ClubAnswer result = fetch(FAST.withRequestTimeout(Duration.ofMillis(300)).withRetries(1), PATH, time);

        assertEquals(expectedLists(), assertFetched(result).lists());
        assertRequests(2, PATH);
        assertEquals(1, time.waits().size(), time.waits()::toString);
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsCutOffAtTheRequestTimeout() throws Exception {
        // A raw socket: headers and half a body at once, then nothing (WireMock delays headers too).
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"lists\": {\"members\": [").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    Thread.sleep(10_000);
                } catch (Exception e) {
                    // the client hung up: expected
                }
            });
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + PATH);

            Timed timed = fetchAll(FAST.withRequestTimeout(Duration.ofMillis(2_000)), List.of(source("ssc", url)));

            // Said only when the stall guard closed the body: a read left alone would wait for the server.
            assertReason(assertFailed(FetchFailure.UNAVAILABLE, timed.results().get(0)), "response not complete within 2000 ms");
        }
    }

    @Test
    void aRefusedConnectionFailsAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ClubSource nowhere = source("ssc", URI.create("http://127.0.0.1:" + closedPort + PATH));

        FakeTime time = new FakeTime();

        ClubAnswer result = fetch(FAST.withRetries(1), nowhere, time);

        assertReason(assertFailed(FetchFailure.UNAVAILABLE, result), "127.0.0.1:" + closedPort, "after 2 attempts");
        assertEquals(1, time.waits().size(), time.waits()::toString);
    }

    @Test
    void malformedJsonIsAnInvalidResponseAndNotRetried() {
        stub(PATH, okJson("{\"lists\": {\"members\": [\"a@x.org\""));

        assertReason(assertFailed(FetchFailure.INVALID_RESPONSE, fetch(FAST.withRetries(2), PATH)), "malformed JSON");
        assertRequests(1, PATH);
    }

    @Test
    void aWrongTypeIsAnInvalidResponse() {
        stub(PATH, okJson("{\"lists\": {\"members\": [\"a@x.org\", 42]}}"));

        assertReason(assertFailed(FetchFailure.INVALID_RESPONSE, fetch(FAST, PATH)), "list \"members\"");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowedSoTheKeyNeverLeaves(int status) {
        String target = "http://localhost:" + elsewhere.getPort() + PATH;
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson(ApiFixtures.text(CURRENT_SHAPE))));
        stub(PATH, aResponse().withStatus(status).withHeader("Location", target));

        ClubAnswer result = fetch(FAST.withRetries(2), PATH);

        assertReason(assertFailed(FetchFailure.UNAVAILABLE, result), "HTTP " + status, target, "not followed");
        assertRequests(1, PATH);
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "Content-Length sent: {0}")
    @ValueSource(booleans = {true, false})
    void aBodyLargerThanMaxResponseBytesIsAnInvalidResponse(boolean declareLength) {
        String body = bigResponse(200);
        ResponseDefinitionBuilder response = okJson(body);
        if (declareLength) {
            response.withHeader("Content-Length", String.valueOf(body.getBytes(UTF_8).length));
        } // else WireMock sends it chunked, with no length to check up front
        stub(PATH, response);

        assertReason(assertFailed(FetchFailure.INVALID_RESPONSE, fetch(FAST.withMaxResponseBytes(1024), PATH)),
                "max_response_bytes");
        assertEquals(200, assertFetched(fetch(FAST.withMaxResponseBytes(body.length()), PATH)).lists().lists().get("members").size(),
                "a body of exactly the limit is fine");
    }

    // ---- the run as a whole -------------------------------------------------------------------

    @Test
    void theRunDeadlineBoundsClubsThatNeverAnswer() {
        api.stubFor(get(urlPathMatching("/slow/deadline/.*")).willReturn(okJson("{\"lists\": {}}").withFixedDelay(5_000)));
        List<ClubSource> clubs = List.of(source("c1", "/slow/deadline/c1"), source("c2", "/slow/deadline/c2"),
                source("c3", "/slow/deadline/c3"));
        Duration deadline = Duration.ofSeconds(1);

        Timed run = fetchAll(FAST.withRetries(2).withConcurrency(1).withDeadline(deadline), clubs);

        // Ended by the deadline, each club: not after the server's delay, nor by the request timeout alone.
        run.results().forEach(result -> assertReason(assertFailed(FetchFailure.UNAVAILABLE, result),
                "http.deadline_seconds"));
    }

    @Test
    void atMostConcurrencyClubsAreFetchedAtOnce() {
        Timed run = fetchSixDelayedClubs(2);

        assertEquals(2, mostInFlight(), "requests WireMock served at once");
        assertTrue(run.took().compareTo(SERVER_DELAY.multipliedBy(3)) >= 0,
                () -> "6 clubs 2 at a time took only " + run.took().toMillis() + " ms");
    }

    @Test
    void clubsAreFetchedConcurrently() {
        fetchSixDelayedClubs(6);

        assertTrue(mostInFlight() > 2, "requests WireMock served at once: " + mostInFlight());
    }

    private Timed fetchSixDelayedClubs(int concurrency) {
        api.stubFor(get(urlPathMatching(CONCURRENT + ".*"))
                .willReturn(okJson("{\"lists\": {}}").withFixedDelay((int) SERVER_DELAY.toMillis())));
        List<ClubSource> clubs = IntStream.range(0, 6).mapToObj(i -> source("c" + i, CONCURRENT + "c" + i)).toList();

        Timed run = fetchAll(FAST.withConcurrency(concurrency), clubs);

        run.results().forEach(ClubFetcherTest::assertFetched);
        api.verify(6, getRequestedFor(urlPathMatching(CONCURRENT + ".*")));
        return run;
    }

    /**
     * How many {@link #CONCURRENT} requests WireMock had in hand at once. Each takes at least
     * {@link #SERVER_DELAY}, so k requests arriving within less than that were all in flight together, and
     * a request arriving SERVER_DELAY after another cannot overlap it. The window leaves 50 ms for the
     * millisecond timestamps; no timing of ours is measured, only the order WireMock logged.
     */
    private static int mostInFlight() {
        List<Long> arrivals = api.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .filter(request -> request.getUrl().startsWith(CONCURRENT))
                .map(request -> request.getLoggedDate().getTime())
                .sorted()
                .toList();
        long window = SERVER_DELAY.toMillis() - 50;
        int most = 0;
        for (int first = 0, last = 0; last < arrivals.size(); last++) {
            while (arrivals.get(last) - arrivals.get(first) >= window) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    @Test
    void aFileSourceIsReadWithoutCreatingAnHttpClient() throws Exception {
        Path saved = Files.write(dir.resolve("c0000.json"), ApiFixtures.bytes(CURRENT_SHAPE));

        Timed run = fetchAll(FAST, List.of(source("c0000", saved.toUri())), () -> {
            throw new AssertionError("an HTTP client was created for a file: source");
        });

        assertEquals(expectedLists(), assertFetched(run.results().get(0)).lists());
    }

    @Test
    void aFileSourceThatIsMissingOrTooLargeFails() throws Exception {
        Path saved = Files.write(dir.resolve("big.json"), bigResponse(200).getBytes(UTF_8));
        List<ClubSource> sources = List.of(source("big", saved.toUri()), source("gone", dir.resolve("gone.json").toUri()));

        Timed run = fetchAll(FAST.withMaxResponseBytes(1024), sources, () -> {
            throw new AssertionError("an HTTP client was created for file: sources");
        });

        assertReason(assertFailed(FetchFailure.INVALID_RESPONSE, run.results().get(0)), "max_response_bytes");
        assertReason(assertFailed(FetchFailure.UNAVAILABLE, run.results().get(1)), "no such file");
    }

    @Test
    void aFileSourceThatIsAFifoADeviceOrADirectoryIsRefusedAtOnceAndTheOtherClubsAreRead() throws Exception {
        Path fifo = dir.resolve("fifo.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        Path saved = Files.write(dir.resolve("c0000.json"), ApiFixtures.bytes(CURRENT_SHAPE));
        List<ClubSource> sources = List.of(source("fifo", fifo.toUri()), source("zero", URI.create("file:/dev/zero")),
                source("ok", saved.toUri()), source("directory", dir.toUri()));

        Timed run = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> fetchAll(FAST.withDeadline(Duration.ofSeconds(300)), sources, () -> {
                    throw new AssertionError("an HTTP client was created for file: sources");
                }));

        assertReason(assertFailed(FetchFailure.UNAVAILABLE, run.results().get(0)), fifo + ": not a regular file");
        assertReason(assertFailed(FetchFailure.UNAVAILABLE, run.results().get(1)), "/dev/zero: not a regular file");
        assertEquals(expectedLists(), assertFetched(run.results().get(2)).lists());
        assertReason(assertFailed(FetchFailure.UNAVAILABLE, run.results().get(3)), dir + ": not a regular file");
    }

    @Test
    void theRunDeadlineBoundsAFileSourceWhoseOpenDoesNotReturn() throws Exception {
        Path saved = Files.write(dir.resolve("c0000.json"), ApiFixtures.bytes(CURRENT_SHAPE));
        // A write lease (fcntl F_SETLEASE, F_WRLCK = 1024, 1) makes every other open of the file wait until
        // the holder lets go or the kernel's lease-break-time (45 s) passes: a regular file whose open hangs,
        // as on a hung mount. perl-base is part of every Debian system.
        Process holder = new ProcessBuilder("perl", "-e", "$SIG{IO} = 'IGNORE'; open(my $f, '+<', $ARGV[0]) or die $!;"
                + " fcntl($f, 1024, 1) or die \"lease: $!\"; print \"held\\n\"; STDOUT->flush; sleep 120", saved.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertEquals("held", new String(holder.getInputStream().readNBytes(4), UTF_8));
            Timed run = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> fetchAll(FAST.withDeadline(Duration.ofSeconds(1)), List.of(source("leased", saved.toUri())),
                            () -> {
                                throw new AssertionError("an HTTP client was created for a file: source");
                            }));
            assertReason(assertFailed(FetchFailure.UNAVAILABLE, run.results().get(0)), "http.deadline_seconds = 1");
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void oneHttpClientServesTheWholeRun() throws Exception {
        stub(PATH, okJson(ApiFixtures.text(CURRENT_SHAPE)));
        stub("/other/", okJson(ApiFixtures.text(OBJECT_SHAPE)));
        Path saved = Files.write(dir.resolve("c0000.json"), ApiFixtures.bytes(CURRENT_SHAPE));
        HttpSettings settings = FAST.settings();
        AtomicInteger created = new AtomicInteger();

        List<ClubSource> sources = List.of(source("a", PATH), source("b", saved.toUri()), source("c", "/other/"));

        Timed run = fetchAll(FAST, sources, () -> {
            created.incrementAndGet();
            return HttpClients.create(settings, sources);
        });

        for (ClubAnswer result : run.results()) {
            assertEquals(expectedLists(), assertFetched(result).lists());
        }
        assertEquals(1, created.get());
    }
}
