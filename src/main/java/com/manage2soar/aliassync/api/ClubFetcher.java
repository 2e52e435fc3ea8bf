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
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches every club's answer concurrently (at most {@code http.concurrency} at once), each with
 * retries and backoff, all within one deadline for the run. Never throws for a club: every club
 * ends as {@link ClubAnswer.Received} or {@link ClubAnswer.Failed}.
 */
public final class ClubFetcher {
    private static final Logger log = LoggerFactory.getLogger(ClubFetcher.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final HttpSettings settings;
    private final Supplier<HttpClient> clientFactory;

    public ClubFetcher(HttpSettings settings, Supplier<HttpClient> clientFactory) {
        this.settings = settings;
        this.clientFactory = clientFactory;
    }

    public List<ClubAnswer> fetchAll(List<ClubSource> sources) {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        // Built only when some club is fetched over HTTP: building it costs tens of milliseconds.
        HttpClient client = sources.stream().allMatch(ClubSource::isFile) ? null : clientFactory.get();
        Semaphore slots = new Semaphore(settings.concurrency());
        List<Future<ClubAnswer>> futures = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (ClubSource source : sources) {
                Callable<ClubAnswer> task = () -> {
                    slots.acquire();
                    try {
                        return fetch(client, source, deadline);
                    } finally {
                        slots.release();
                    }
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
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
        long start = System.nanoTime();
        if (source.isFile()) {
            return readFile(source, start);
        }
        for (int attempt = 1; ; attempt++) {
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (remaining.toMillis() <= 0) {
                return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE,
                        "no time left within http.deadline_seconds");
            }
            Attempt result = attempt(client, source, min(settings.requestTimeout(), remaining));
            if (result instanceof Attempt.Done(ClubAnswer outcome)) {
                return outcome instanceof ClubAnswer.Received r
                        ? new ClubAnswer.Received(r.club(), r.body(), r.digest(), Duration.ofNanos(System.nanoTime() - start))
                        : outcome;
            }
            Attempt.Retry retry = (Attempt.Retry) result;
            if (attempt > settings.retries()) {
                return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE,
                        retry.reason() + " (after " + attempt + " attempts)");
            }
            int tries = attempt;
            Duration wait = retry.after().orElseGet(() -> backoff(tries));
            if (wait.toNanos() >= deadline - System.nanoTime()) {
                return new ClubAnswer.Failed(source.club(), FetchFailure.UNAVAILABLE,
                        retry.reason() + "; no time left to retry within http.deadline_seconds");
            }
            log.debug("club {}: {}; retrying in {} ms", source.prefix(), retry.reason(), wait.toMillis());
            Thread.sleep(wait);
        }
    }

    /** Exponential backoff with full jitter, so that clubs failing together do not retry together. */
    private static Duration backoff(int attempt) {
        long ceiling = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 6);
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private sealed interface Attempt {
        record Done(ClubAnswer outcome) implements Attempt {}

        record Retry(String reason, Optional<Duration> after) implements Attempt {}
    }

    private Attempt attempt(HttpClient client, ClubSource source, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(source.apiUrl())
                .timeout(timeout)
                .header("X-API-Key", source.token().reveal())
                .header("Accept", "application/json")
                .header("User-Agent", "m2s-sync-aliases")
                .GET()
                .build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return new Attempt.Retry("no response within " + timeout.toMillis() + " ms", Optional.empty());
        } catch (ConnectException e) {
            return new Attempt.Retry("cannot connect to " + hostOf(source.apiUrl()) + ": " + describe(e),
                    Optional.empty());
        } catch (IOException e) {
            return new Attempt.Retry("connection to " + hostOf(source.apiUrl()) + " failed: " + describe(e),
                    Optional.empty());
        }
        int status = response.statusCode();
        // The client's timeout ends with the headers; a body that stalls is cut off at the same time.
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean cutOff = new AtomicBoolean();
        InputStream stream = response.body();
        CompletableFuture.delayedExecutor(Math.max(0, timeout.toNanos() - (System.nanoTime() - sent)), TimeUnit.NANOSECONDS)
                .execute(() -> {
                    if (!done.get()) {
                        cutOff.set(true);
                        closeQuietly(stream);
                    }
                });
        try (InputStream body = stream) {
            if (status == 200) {
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                if (length.isPresent() && length.getAsLong() > settings.maxResponseBytes()) {
                    return failed(source, FetchFailure.INVALID_RESPONSE, tooLarge());
                }
                return receive(source, body);
            }
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
        } catch (IOException e) {
            return new Attempt.Retry(cutOff.get() ? "response not complete within " + timeout.toMillis() + " ms"
                    : "reading the response failed: " + describe(e), Optional.empty());
        } finally {
            done.set(true);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing is how a stalled read is interrupted; nothing more to do
        }
    }

    private Attempt receive(ClubSource source, InputStream in) throws IOException {
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
                        Duration.ofNanos(System.nanoTime() - start));
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
