package com.manage2soar.aliassync.plan;

import java.util.Optional;

/** How one key of a map changes. Values are canonical (see {@code MapEntries}). */
public sealed interface KeyChange {
    String key();

    /** The key's value before the run: none for a key the run adds. */
    Optional<String> before();

    record Added(String key, String value) implements KeyChange {
        @Override
        public Optional<String> before() {
            return Optional.empty();
        }
    }

    record Removed(String key, String value) implements KeyChange {
        @Override
        public Optional<String> before() {
            return Optional.of(value);
        }
    }

    record Changed(String key, String oldValue, String newValue) implements KeyChange {
        @Override
        public Optional<String> before() {
            return Optional.of(oldValue);
        }
    }
}
