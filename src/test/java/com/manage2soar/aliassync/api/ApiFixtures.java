package com.manage2soar.aliassync.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API responses under src/test/resources/api/ (copies of shared/fixtures/legacy/api/). */
final class ApiFixtures {
    /** c0000's lists in the current shape: {@code "name": [...]}. */
    static final String CURRENT_SHAPE = "c0000.json";
    /** The same lists in the older shape: {@code "name": {"description", "count", "emails"}}. */
    static final String OBJECT_SHAPE = "c0000-object-shape.json";

    private ApiFixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = ApiFixtures.class.getResourceAsStream("/api/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /api/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), UTF_8);
    }
}
