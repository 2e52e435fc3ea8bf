package com.manage2soar.aliassync.api;

import com.manage2soar.aliassync.config.ClubSource;
import com.manage2soar.aliassync.config.HttpSettings;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches every club's answer concurrently (at most {@code http.concurrency} at once), each with
 * retries and backoff, all within one deadline for the run. Never throws for a club: every club
 * ends as {@link ClubAnswer.Received} or {@link ClubAnswer.Failed}.
 *
 * <p>Time is read from one monotonic clock and waits go through one sleeper, both given to the constructor, so
 * that tests of retries and deadlines neither sleep nor race the wall clock.
 */
public final class ClubFetcher {
    private static final Logger log = LoggerFactory.getLogger(ClubFetcher.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final HttpSettings settings;
    private final Supplier<HttpClient> clientFactory;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    /** Waits before a retry. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public ClubFetcher(HttpSettings settings, Supplier<HttpClient> clientFactory) {
        this(settings, clientFactory, System::nanoTime, Thread::sleep);
    }

    /** {@code nanoTime} counts as {@link System#nanoTime()} does; {@code sleeper} waits as {@link Thread#sleep}. */
    ClubFetcher(HttpSettings settings, Supplier<HttpClient> clientFactory, LongSupplier nanoTime, Sleeper sleeper) {
        this.settings = settings;
        this.clientFactory = clientFactory;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Every answer, kept whole. */
    public List<ClubAnswer> fetchAll(List<ClubSource> sources) {
        return fetchAll(sources, (index, answer) -> answer);
    }

    /**
     * {@code arrival} is given each answer as it arrives (by the source's index, on the fetching thread) and returns
     * what the fetch keeps of it: so a run can take an answer on as it comes, and let its body go.
     */
    public List<ClubAnswer> fetchAll(List<ClubSource> sources, BiFunction<Integer, ClubAnswer, ClubAnswer> arrival) {
        return fetchAll(sources, arrival, deadline());
    }

    /** The deadline of a fetch that starts now ({@code http.deadline_seconds} from now), as {@link #fetchAll} takes it. */
    public long deadline() {
        return nanoTime.getAsLong() + settings.deadline().toNanos();
    }

    /** As {@link #fetchAll(List, BiFunction)}, within a {@link #deadline} given: a second fetch in the same run. */
    public List<ClubAnswer> fetchAll(List<ClubSource> sources, BiFunction<Integer, ClubAnswer, ClubAnswer> arrival,
            long deadline) {
        // Built only when some club is fetched over HTTP: building one is a visible part of a run's time.
        HttpClient client = sources.stream().allMatch(ClubSource::isFile) ? null : clientFactory.get();
        Semaphore slots = new Semaphore(settings.concurrency());
        List<Future<ClubAnswer>> futures = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int i = 0; i < sources.size(); i++) {
                ClubSource source = sources.get(i);
                int index = i;
                Callable<ClubAnswer> task = () -> {
                    ClubAnswer answer;
                    slots.acquire();
                    try {
                        answer = fetch(client, source, deadline);
                    } finally {
                        slots.release();
                    }
                    return arrival.apply(index, answer);
                };
                futures.add(threads.submit(task));
            }
            List<ClubAnswer> results = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                results.add(await(futures.get(i), sources.get(i), deadline));
            }
            return results;
        } finally {
            // Not close(), which would wait for a club still stuck past the deadline in a call that ignores
            // interrupts (a read from a hung mount): the deadline bounds every source.
            threads.shutdownNow();
            if (client != null) {
                client.shutdownNow();
            }
        }
    }

    private ClubAnswer await(Future<ClubAnswer> future, ClubSource source, long deadline) {
        try {
            return future.get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            future.cancel(true);
            return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE,
                    "no answer within the run deadline (http.deadline_seconds = "
                            + settings.deadline().toSeconds() + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException("fetching club " + source.prefix() + " failed unexpectedly",
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE, "interrupted");
        }
    }

    private ClubAnswer fetch(HttpClient client, ClubSource source, long deadline) throws InterruptedException {
        long start = nanoTime.getAsLong();
        if (source.isFile()) {
            return readFile(source, start);
        }
        for (int attempt = 1; ; attempt++) {
            Duration remaining = Duration.ofNanos(deadline - nanoTime.getAsLong());
            if (remaining.toMillis() <= 0) {
                return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE,
                        "no time left within http.deadline_seconds");
            }
            Attempt result = attempt(client, source, min(settings.requestTimeout(), remaining));
            if (result instanceof Attempt.Done(ClubAnswer outcome)) {
                return outcome instanceof ClubAnswer.Received r
                        ? new ClubAnswer.Received(r.club(), r.body(), r.digest(), Duration.ofNanos(nanoTime.getAsLong() - start))
                        : outcome;
            }
            Attempt.Retry retry = (Attempt.Retry) result;
            if (attempt > settings.retries()) {
                return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE,
                        retry.reason() + " (after " + attempt + " attempts)");
            }
            int tries = attempt;
            Duration wait = retry.after().orElseGet(() -> backoff(tries));
            if (wait.toNanos() >= deadline - nanoTime.getAsLong()) {
                return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE,
                        retry.reason() + "; no time left to retry within http.deadline_seconds");
            }
            log.debug("club {}: {}; retrying in {} ms", source.prefix(), retry.reason(), wait.toMillis());
            sleeper.sleep(wait);
        }
    }

    /**
     * Exponential backoff with equal jitter (not full jitter, which would wait anywhere from zero to the ceiling):
     * half the ceiling plus a uniformly random part of the other half, so that clubs failing together do not
     * retry together, yet none retries at once. The ceiling doubles with each attempt, up to 64 first backoffs.
     */
    private static Duration backoff(int attempt) {
        long ceiling = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 6);
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private sealed interface Attempt {
        record Done(ClubAnswer outcome) implements Attempt {}

        record Retry(String reason, Optional<Duration> after) implements Attempt {}
    }

    private Attempt attempt(HttpClient client, ClubSource source, Duration timeout) throws InterruptedException {
        long sent = nanoTime.getAsLong();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request(source, timeout), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new Attempt.Retry(noResponse(e, source, timeout), Optional.empty());
        }
        // The client's timeout ends with the headers; a body that stalls is cut off at the same time.
        InputStream stream = response.body();
        StallGuard guard = StallGuard.watch(stream, timeout.toNanos() - (nanoTime.getAsLong() - sent));
        try (InputStream body = stream) {
            return response.statusCode() == 200 ? receive(source, response, body) : notOk(source, response);
        } catch (IOException e) {
            return new Attempt.Retry(guard.cutOff() ? "response not complete within " + timeout.toMillis() + " ms"
                    : "reading the response failed: " + describe(e), Optional.empty());
        } finally {
            guard.stop();
        }
    }

    private static HttpRequest request(ClubSource source, Duration timeout) {
        return HttpRequest.newBuilder(source.apiUrl())
                .timeout(timeout)
                .header("X-API-Key", source.token().reveal())
                .header("Accept", "application/json")
                .header("User-Agent", "m2s-sync-aliases")
                .GET()
                .build();
    }

    /** Why a request got no response: it timed out, or the connection could not be made or broke. */
    private static String noResponse(IOException e, ClubSource source, Duration timeout) {
        return switch (e) {
            case HttpTimeoutException timedOut -> "no response within " + timeout.toMillis() + " ms";
            case ConnectException refused -> "cannot connect to " + hostOf(source.apiUrl()) + ": " + describe(e);
            default -> "connection to " + hostOf(source.apiUrl()) + " failed: " + describe(e);
        };
    }

    /**
     * An answer other than 200: a refused key, a server that is busy or failing (retried), a redirect (never
     * followed), anything else.
     */
    private static Attempt notOk(ClubSource source, HttpResponse<?> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return failed(source, FetchFailure.AUTH, "the API refused the key (HTTP " + status
                    + "): check the club's auth_token or default_auth_token");
        }
        if (status == 429 || status >= 500) {
            String hint = status == 500 ? " (M2S answers 500 when its API key is not configured)" : "";
            return new Attempt.Retry("HTTP " + status + hint, retryAfter(response));
        }
        if (status >= 300 && status < 400) {
            return failed(source, FetchFailure.UNAVAILABLE, "HTTP " + status + " redirect to "
                    + response.headers().firstValue("Location").orElse("?")
                    + " not followed (the key must not go to another address): fix api_url");
        }
        return failed(source, FetchFailure.UNAVAILABLE, "HTTP " + status + ": check api_url");
    }

    /**
     * Cuts off a response body that stalls: once {@code nanos} have passed, closes the stream under its
     * reader, whose read then fails.
     */
    private static final class StallGuard {
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean cutOff = new AtomicBoolean();

        static StallGuard watch(InputStream body, long nanos) {
            StallGuard guard = new StallGuard();
            CompletableFuture.delayedExecutor(Math.max(0, nanos), TimeUnit.NANOSECONDS).execute(() -> {
                if (!guard.stopped.get()) {
                    guard.cutOff.set(true);
                    closeQuietly(body);
                }
            });
            return guard;
        }

        /** The body was read, or given up on: nothing more to cut off. */
        void stop() {
            stopped.set(true);
        }

        boolean cutOff() {
            return cutOff.get();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing is how a stalled read is interrupted; nothing more to do
        }
    }

    /** A 200 answer's body, refused when it is (or says it will be) larger than the limit. */
    private Attempt receive(ClubSource source, HttpResponse<?> response, InputStream in) throws IOException {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > settings.maxResponseBytes()) {
            return failed(source, FetchFailure.INVALID_RESPONSE, tooLarge());
        }
        ResponseBody body = new ResponseBody(in, settings.maxResponseBytes());
        try {
            return new Attempt.Done(new ClubAnswer.Received(source.club(), body.readAllBytes(), body.digest(),
                    Duration.ZERO));
        } catch (ResponseBody.TooLargeException e) {
            return failed(source, FetchFailure.INVALID_RESPONSE, tooLarge());
        }
    }

    private ClubAnswer readFile(ClubSource source, long start) {
        Path path = Path.of(source.apiUrl());
        try {
            // Opening a FIFO waits for a writer and a device may never end: only a saved response is read.
            if (!Files.readAttributes(path, BasicFileAttributes.class).isRegularFile()) {
                return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE, path
                        + ": not a regular file (a FIFO, a device or a directory); a file: api_url names a saved API answer");
            }
            try (ResponseBody in = new ResponseBody(Files.newInputStream(path), settings.maxResponseBytes())) {
                return new ClubAnswer.Received(source.club(), in.readAllBytes(), in.digest(),
                        Duration.ofNanos(nanoTime.getAsLong() - start));
            }
        } catch (ResponseBody.TooLargeException e) {
            return new ClubAnswer.Failed(source.club(), FetchFailure.INVALID_RESPONSE, path + ": " + tooLarge());
        } catch (NoSuchFileException e) {
            return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE, path + ": no such file");
        } catch (IOException e) {
            return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE, path + ": " + describe(e));
        }
    }

    private String tooLarge() {
        return "response larger than http.max_response_bytes = " + settings.maxResponseBytes();
    }

    private static Attempt failed(ClubSource source, FetchFailure kind, String reason) {
        return new Attempt.Done(new ClubAnswer.Failed(source.club(), kind, reason));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                Duration after = Duration.ofSeconds(Long.parseLong(value.strip()));
                return Optional.of(after.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : after);
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own backoff
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String hostOf(URI uri) {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    /**
     * A response body as it is read: stopped past the configured size, so a runaway response
     * cannot exhaust memory, and checksummed (CRC32C and length) so the next run can tell whether the
     * club's answer changed. A checksum is enough: a changed answer of the same length goes unnoticed
     * once in 2^32 changes, and one crafted to collide could only keep its own club's lists as they were.
     */
    static final class ResponseBody extends FilterInputStream {
        static final class TooLargeException extends IOException {}

        private final CRC32C checksum = new CRC32C();
        private final long limit;
        private long read;

        ResponseBody(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                checksum.update(b);
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                checksum.update(buffer, off, n);
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLargeException {
            read += n;
            if (read > limit) {
                throw new TooLargeException();
            }
        }

        /** What was read so far, as {@code crc32c:length}. */
        String digest() {
            return Long.toHexString(checksum.getValue()) + ":" + read;
        }
    }
}
