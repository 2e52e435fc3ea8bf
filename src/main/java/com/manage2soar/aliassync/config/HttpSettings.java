package com.manage2soar.aliassync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the job talks to the M2S API ({@code http:} in the config). */
public record HttpSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        int concurrency,
        Duration deadline,
        long maxResponseBytes,
        Optional<Path> caFile,
        boolean allowInsecureHttp) {

    public static final HttpSettings DEFAULTS = new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            2, 16, Duration.ofSeconds(300), 64L << 20, Optional.empty(), false);
}
