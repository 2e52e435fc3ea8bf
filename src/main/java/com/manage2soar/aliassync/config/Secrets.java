package com.manage2soar.aliassync.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys: written in config.yml, read from a token file, or given in {@value ConfigLoader#TOKEN_ENV}. A key goes
 * into a header, so it must be printable ASCII; a file holding one must be private; no message quotes one.
 */
final class Secrets {
    static final Setting<String> DEFAULT_KEY = Setting.withoutDefault("default_auth_token", Node::asString);
    /** The old script's name of {@link #DEFAULT_KEY}. */
    static final Setting<String> LEGACY_DEFAULT_KEY = Setting.withoutDefault("auth_token", Node::asString);
    static final Setting<Path> DEFAULT_KEY_FILE = Setting.withoutDefault("default_auth_token_file", Node::asPath);
    static final Setting<String> CLUB_KEY = Setting.withoutDefault("auth_token", Node::asString);
    static final Setting<Path> CLUB_KEY_FILE = Setting.withoutDefault("auth_token_file", Node::asPath);

    static final List<ConfigKey> TOP_LEVEL = List.of(DEFAULT_KEY, LEGACY_DEFAULT_KEY, DEFAULT_KEY_FILE);
    static final List<ConfigKey> PER_CLUB = List.of(CLUB_KEY, CLUB_KEY_FILE);

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Map<String, String> env;

    Secrets(Map<String, String> env) {
        this.env = env;
    }

    /** The key of clubs without their own: {@value ConfigLoader#TOKEN_ENV} when set, else the config's default key. */
    Optional<Secret> defaultKey(Node root) throws ConfigException {
        ConfigRules.requireAtMostOne(root, DEFAULT_KEY, LEGACY_DEFAULT_KEY,
                "the legacy name of default_auth_token: give only one of them");
        Optional<Secret> inline = inline(root, DEFAULT_KEY);
        if (inline.isEmpty()) {
            inline = inline(root, LEGACY_DEFAULT_KEY);
        }
        Optional<Secret> fromFile = fromFile(root, DEFAULT_KEY_FILE);
        ConfigRules.requireAtMostOne(inline, fromFile, root.child(DEFAULT_KEY_FILE.key()),
                "give the default token inline or in a file, not both");
        String fromEnv = env.get(ConfigLoader.TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(checked(ConfigLoader.TOKEN_ENV, fromEnv.strip()));
        }
        return inline.isPresent() ? inline : fromFile;
    }

    /** The club's own key, written in the config or read from a file. */
    Optional<Secret> clubKey(Node club) throws ConfigException {
        Optional<Secret> inline = inline(club, CLUB_KEY);
        Optional<Secret> fromFile = fromFile(club, CLUB_KEY_FILE);
        ConfigRules.requireAtMostOne(inline, fromFile, club.path(), "give auth_token or auth_token_file, not both");
        return inline.or(() -> fromFile);
    }

    /** Whether the config file itself holds a key: then, like a token file, it must be private. */
    static boolean writtenIn(Node root) throws ConfigException {
        boolean written = DEFAULT_KEY.isIn(root) || LEGACY_DEFAULT_KEY.isIn(root);
        for (Node club : ClubsSection.entries(root)) {
            written |= CLUB_KEY.isIn(club);
        }
        return written;
    }

    /** Like ssh with a private key: a secret readable by others is refused, not silently used. */
    static void requirePrivate(Path file) throws ConfigException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.retainAll(GROUP_OR_OTHER);
            if (!perms.isEmpty()) {
                throw new ConfigException(file + " holds an API key but is accessible by group or others; "
                        + "run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            throw new ConfigException(file + ": cannot check permissions: " + e.getMessage());
        }
    }

    private static Optional<Secret> inline(Node mapping, Setting<String> key) throws ConfigException {
        Optional<String> token = key.in(mapping);
        return token.isEmpty() ? Optional.empty() : Optional.of(checked(mapping.child(key.key()), token.get()));
    }

    private static Optional<Secret> fromFile(Node mapping, Setting<Path> key) throws ConfigException {
        Optional<Path> file = key.in(mapping);
        return file.isEmpty() ? Optional.empty() : Optional.of(read(file.get(), mapping.child(key.key())));
    }

    private static Secret read(Path file, String where) throws ConfigException {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.contains("\n")) {
                throw Node.error(where, file + " must hold exactly one line: the API key");
            }
            requirePrivate(file);
            return checked(where, token);
        } catch (NoSuchFileException e) {
            throw Node.error(where, file + ": no such file");
        } catch (IOException e) {
            throw Node.error(where, file + ": cannot read: " + e.getMessage());
        }
    }

    /** A key goes into an HTTP header: printable ASCII only. The message never quotes it. */
    private static Secret checked(String where, String token) throws ConfigException {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw Node.error(where, "the API key holds a space, control or non-ASCII character (at position "
                        + (i + 1) + "); it cannot be sent in a header");
            }
        }
        return new Secret(token);
    }
}
