package com.manage2soar.aliassync.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A mapping of config.yml ({@code http:}, {@code safety:}, a club of {@code clubs:}, the top level) and its keys. */
record Section(String key, List<ConfigKey> members) implements ConfigKey {
    Section {
        members = List.copyOf(members);
    }

    static Section of(String key, ConfigKey... members) {
        return new Section(key, Arrays.asList(members));
    }

    /** The keys this mapping may hold: a typo must not silently fall back to a default. */
    Set<String> keys() {
        return members.stream().map(ConfigKey::key).collect(Collectors.toUnmodifiableSet());
    }

    /** Every key here and in the sections nested here. */
    Set<String> allKeys() {
        return members.stream().flatMap(member -> member instanceof Section nested
                ? Stream.concat(Stream.of(nested.key()), nested.allKeys().stream()) : Stream.of(member.key()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code mapping}, once it holds no key unknown here. */
    Node checked(Node mapping) throws ConfigException {
        mapping.allowOnly(keys());
        return mapping;
    }

    /** This section's mapping in {@code parent}, checked; an absent one is empty, so each key takes its default. */
    Node in(Node parent) throws ConfigException {
        return checked(parent.get(key).orElseGet(() -> new Node(parent.child(key), Map.of())));
    }
}
