package com.manage2soar.aliassync.config;

import java.util.Optional;

/**
 * One key of config.yml with how its value is read and checked and its default, declared once: the
 * section that holds it reads it through here, and {@code config.example.yml} is tested against it.
 * A setting without a default is optional where it is read with {@link #in} and required with {@link #value}.
 */
record Setting<T>(String key, Parser<T> parser, Optional<T> fallback) implements ConfigKey {
    /** Reads a value, or says, with its key path, why it cannot be used. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Node node) throws ConfigException;
    }

    static <T> Setting<T> withDefault(String key, Parser<T> parser, T fallback) {
        return new Setting<>(key, parser, Optional.of(fallback));
    }

    static <T> Setting<T> withoutDefault(String key, Parser<T> parser) {
        return new Setting<>(key, parser, Optional.empty());
    }

    /** Whether {@code mapping} gives this key a value (a key with nothing after it gives none). */
    boolean isIn(Node mapping) throws ConfigException {
        return mapping.get(key).isPresent();
    }

    /** The value {@code mapping} gives this key, if it gives one. */
    Optional<T> in(Node mapping) throws ConfigException {
        Optional<Node> node = mapping.get(key);
        return node.isEmpty() ? Optional.empty() : Optional.of(parser.parse(node.get()));
    }

    /** The value {@code mapping} gives this key, else its default; without a default the key is required. */
    T value(Node mapping) throws ConfigException {
        Optional<T> given = in(mapping);
        if (given.isPresent()) {
            return given.get();
        }
        return fallback.orElseThrow(() -> mapping.missing(key));
    }
}
