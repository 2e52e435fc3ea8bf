package com.manage2soar.aliassync.api;

import com.manage2soar.aliassync.config.CaFile;
import com.manage2soar.aliassync.config.HttpSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link HttpSettings} by name, for the tests that vary them: the job itself builds them from config.yml
 * alone, so the withers live here rather than in the record.
 */
record TestHttpSettings(HttpSettings settings) {
    static final TestHttpSettings DEFAULTS = new TestHttpSettings(HttpSettings.DEFAULTS);

    TestHttpSettings withRequestTimeout(Duration requestTimeout) {
        HttpSettings s = settings;
        return new TestHttpSettings(new HttpSettings(s.connectTimeout(), requestTimeout, s.retries(), s.concurrency(),
                s.deadline(), s.maxResponseBytes(), s.caFile(), s.allowInsecureHttp()));
    }

    TestHttpSettings withRetries(int retries) {
        return new TestHttpSettings(settings.withRetries(retries));
    }

    TestHttpSettings withConcurrency(int concurrency) {
        HttpSettings s = settings;
        return new TestHttpSettings(new HttpSettings(s.connectTimeout(), s.requestTimeout(), s.retries(), concurrency,
                s.deadline(), s.maxResponseBytes(), s.caFile(), s.allowInsecureHttp()));
    }

    TestHttpSettings withDeadline(Duration deadline) {
        HttpSettings s = settings;
        return new TestHttpSettings(new HttpSettings(s.connectTimeout(), s.requestTimeout(), s.retries(), s.concurrency(),
                deadline, s.maxResponseBytes(), s.caFile(), s.allowInsecureHttp()));
    }

    TestHttpSettings withMaxResponseBytes(long maxResponseBytes) {
        HttpSettings s = settings;
        return new TestHttpSettings(new HttpSettings(s.connectTimeout(), s.requestTimeout(), s.retries(), s.concurrency(),
                s.deadline(), maxResponseBytes, s.caFile(), s.allowInsecureHttp()));
    }

    TestHttpSettings withCaFile(Optional<CaFile> caFile) {
        HttpSettings s = settings;
        return new TestHttpSettings(new HttpSettings(s.connectTimeout(), s.requestTimeout(), s.retries(), s.concurrency(),
                s.deadline(), s.maxResponseBytes(), caFile, s.allowInsecureHttp()));
    }
}
