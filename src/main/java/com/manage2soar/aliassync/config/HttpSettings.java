package com.manage2soar.aliassync.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How the job talks to the M2S API ({@code http:} in the config). Built from {@link #DEFAULTS} with the
 * {@code with...} methods, each returning a copy with one setting changed.
 */
public record HttpSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        int concurrency,
        Duration deadline,
        long maxResponseBytes,
        Optional<CaFile> caFile,
        boolean allowInsecureHttp) {

    public static final HttpSettings DEFAULTS = new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            2, 16, Duration.ofSeconds(300), 64L << 20, Optional.empty(), false);

    public HttpSettings withRequestTimeout(Duration requestTimeout) {
        return new HttpSettings(connectTimeout, requestTimeout, retries, concurrency, deadline, maxResponseBytes,
                caFile, allowInsecureHttp);
    }

    public HttpSettings withRetries(int retries) {
        return new HttpSettings(connectTimeout, requestTimeout, retries, concurrency, deadline, maxResponseBytes,
                caFile, allowInsecureHttp);
    }

    public HttpSettings withConcurrency(int concurrency) {
        return new HttpSettings(connectTimeout, requestTimeout, retries, concurrency, deadline, maxResponseBytes,
                caFile, allowInsecureHttp);
    }

    public HttpSettings withDeadline(Duration deadline) {
        return new HttpSettings(connectTimeout, requestTimeout, retries, concurrency, deadline, maxResponseBytes,
                caFile, allowInsecureHttp);
    }

    public HttpSettings withMaxResponseBytes(long maxResponseBytes) {
        return new HttpSettings(connectTimeout, requestTimeout, retries, concurrency, deadline, maxResponseBytes,
                caFile, allowInsecureHttp);
    }

    public HttpSettings withCaFile(Optional<CaFile> caFile) {
        return new HttpSettings(connectTimeout, requestTimeout, retries, concurrency, deadline, maxResponseBytes,
                caFile, allowInsecureHttp);
    }
}
