package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.InvalidValueException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A value of the YAML tree with its key path, so every error can say where it is. */
record Node(String path, Object value) {
    /** Quoted text longer than one character: a value, not a single character named in the reason. */
    private static final Pattern QUOTED = Pattern.compile("'[^']{2,}'");

    static ConfigException error(String path, String message) {
        return new ConfigException(path + ": " + message);
    }

    /**
     * A validator's reason without the value it quotes ({@code domain 'x' has no dot}): config errors say
     * where and what is wrong, never the value, which may be a key typed in the wrong place.
     */
    static String withoutValues(String reason) {
        return QUOTED.matcher(reason).replaceAll("").replaceAll(" {2,}", " ").strip();
    }

    ConfigException error(String message) {
        return error(path, message);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() throws ConfigException {
        if (!(value instanceof Map<?, ?> map)) {
            throw error("must be a mapping (key: value), found " + typeOf(value));
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw error("a key that is not a string: quote it");
            }
        }
        return (Map<String, Object>) map;
    }

    /** Rejects keys this version does not know: a typo must not silently fall back to a default. */
    void allowOnly(Set<String> known) throws ConfigException {
        for (String key : map().keySet()) {
            if (!known.contains(key)) {
                throw error(child(key), "unknown key (known here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    Optional<Node> get(String key) throws ConfigException {
        Object child = map().get(key);
        return child == null ? Optional.empty() : Optional.of(new Node(child(key), child));
    }

    Node require(String key) throws ConfigException {
        return get(key).orElseThrow(() -> missing(key));
    }

    ConfigException missing(String key) {
        return error(child(key), "required key is missing");
    }

    String asString() throws ConfigException {
        if (value instanceof String s) {
            if (s.isBlank()) {
                throw error("must not be empty");
            }
            return s;
        }
        throw error("must be a string, found " + typeOf(value));
    }

    boolean asBoolean() throws ConfigException {
        if (value instanceof Boolean b) {
            return b;
        }
        throw error("must be true or false, found " + typeOf(value));
    }

    long asLong(long min, long max) throws ConfigException {
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            if (n < min || n > max) {
                throw error("must be between " + min + " and " + max);
            }
            return n;
        }
        throw error("must be a whole number, found " + typeOf(value));
    }

    /** A path as every path of the config: relative ones are taken from the working directory. */
    Path asPath() throws ConfigException {
        return Path.of(asString().strip()).toAbsolutePath().normalize();
    }

    /** A time limit: whole seconds, at most an hour. */
    Duration asSeconds() throws ConfigException {
        return Duration.ofSeconds(asLong(1, 3600));
    }

    int asInt(int min, int max) throws ConfigException {
        return (int) asLong(min, max);
    }

    List<String> asStrings() throws ConfigException {
        List<String> out = new ArrayList<>();
        for (Node item : list()) {
            out.add(item.asString());
        }
        return out;
    }

    EmailAddress asAddress() throws ConfigException {
        try {
            return EmailAddress.parse(asString());
        } catch (InvalidValueException e) {
            throw error("not a usable mail address: " + withoutValues(e.getMessage()));
        }
    }

    List<Node> list() throws ConfigException {
        if (!(value instanceof List<?> items)) {
            throw error("must be a list, found " + typeOf(value));
        }
        return java.util.stream.IntStream.range(0, items.size())
                .mapToObj(i -> new Node(path + "[" + i + "]", items.get(i)))
                .toList();
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String typeOf(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "a mapping";
            default -> value.getClass().getSimpleName();
        };
    }
}
