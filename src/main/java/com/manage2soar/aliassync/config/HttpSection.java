package com.manage2soar.aliassync.config;

import java.time.Duration;

/** The {@code http:} section: how the job talks to the M2S API. Its defaults are {@link HttpSettings#DEFAULTS}. */
final class HttpSection {
    private static final HttpSettings DEFAULTS = HttpSettings.DEFAULTS;

    static final Setting<Duration> CONNECT_TIMEOUT =
            Setting.withDefault("connect_timeout_seconds", Node::asSeconds, DEFAULTS.connectTimeout());
    static final Setting<Duration> REQUEST_TIMEOUT =
            Setting.withDefault("request_timeout_seconds", Node::asSeconds, DEFAULTS.requestTimeout());
    static final Setting<Integer> RETRIES = Setting.withDefault("retries", node -> node.asInt(0, 10), DEFAULTS.retries());
    static final Setting<Integer> CONCURRENCY =
            Setting.withDefault("concurrency", node -> node.asInt(1, 256), DEFAULTS.concurrency());
    static final Setting<Duration> DEADLINE = Setting.withDefault("deadline_seconds", Node::asSeconds, DEFAULTS.deadline());
    static final Setting<Long> MAX_RESPONSE_BYTES =
            Setting.withDefault("max_response_bytes", node -> node.asLong(1024, 1L << 31), DEFAULTS.maxResponseBytes());
    static final Setting<CaFile> CA_FILE = Setting.withoutDefault("ca_file", CaFile::read);
    static final Setting<Boolean> ALLOW_INSECURE_HTTP =
            Setting.withDefault("allow_insecure_http", Node::asBoolean, DEFAULTS.allowInsecureHttp());

    static final Section SECTION = Section.of("http", CONNECT_TIMEOUT, REQUEST_TIMEOUT, RETRIES, CONCURRENCY, DEADLINE,
            MAX_RESPONSE_BYTES, CA_FILE, ALLOW_INSECURE_HTTP);

    private HttpSection() {}

    static HttpSettings read(Node root) throws ConfigException {
        Node http = SECTION.in(root);
        return new HttpSettings(CONNECT_TIMEOUT.value(http), REQUEST_TIMEOUT.value(http), RETRIES.value(http),
                CONCURRENCY.value(http), DEADLINE.value(http), MAX_RESPONSE_BYTES.value(http),
                CA_FILE.in(http), ALLOW_INSECURE_HTTP.value(http));
    }
}
