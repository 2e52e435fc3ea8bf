package com.manage2soar.aliassync.config;

import java.time.Duration;
import java.util.Optional;

/** How the job talks to the M2S API ({@code http:} in the config); {@link #DEFAULTS} holds each default. */
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

    /** {@code check} asks each club once: an answer that needs a retry is worth a finding of its own. */
    public HttpSettings withRetries(int retries) {
        return new HttpSettings(connectTimeout, requestTimeout, retries, concurrency, deadline, maxResponseBytes,
                caFile, allowInsecureHttp);
    }
}
