package com.manage2soar.aliassync.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that relate keys to each other, kept apart from the keys: one thing given twice (a key and its
 * legacy name, a key and the file holding it), clubs that must differ, a club's URL and key against the
 * {@code http:} section and the default key. Files that must differ: {@link OwnedPaths}.
 */
final class ConfigRules {
    private ConfigRules() {}

    /** Two keys of {@code mapping} that say one thing: at most one is given; the error names the second. */
    static void requireAtMostOne(Node mapping, Setting<?> key, Setting<?> other, String message) throws ConfigException {
        if (key.isIn(mapping) && other.isIn(mapping)) {
            throw Node.error(mapping.child(other.key()), message);
        }
    }

    /** Two values that say one thing (a key written out and one read from a file): at most one is given. */
    static void requireAtMostOne(Optional<?> one, Optional<?> other, String where, String message)
            throws ConfigException {
        if (one.isPresent() && other.isPresent()) {
            throw Node.error(where, message);
        }
    }

    /** A key or its legacy form (a club's domains or its single domain): exactly one is given. */
    static void requireExactlyOne(Node mapping, Setting<?> key, Setting<?> legacy, String message)
            throws ConfigException {
        if (key.isIn(mapping) == legacy.isIn(mapping)) {
            throw mapping.error(message);
        }
    }

    /** No two clubs share a prefix (it names files) or a domain (it names list addresses). */
    static void requireDistinctClubs(List<ClubsSection.Entry> clubs) throws ConfigException {
        Map<String, String> prefixes = new HashMap<>();
        Map<String, String> domains = new HashMap<>();
        for (ClubsSection.Entry club : clubs) {
            String where = club.node().path();
            String first = prefixes.putIfAbsent(club.source().prefix(), where);
            if (first != null) {
                throw Node.error(where + ".prefix", "the same prefix as " + first);
            }
            for (String domain : club.source().club().domains()) {
                String other = domains.put(domain, where);
                if (other != null) {
                    throw Node.error(where + ".domains", "names a domain of " + other + " too");
                }
            }
        }
    }

    /** Plain HTTP would send the key unencrypted: only to the loopback, unless {@code http.allow_insecure_http}. */
    static void requireEncryptedUnlessAllowed(String where, URI url, HttpSettings http) throws ConfigException {
        if ("http".equalsIgnoreCase(url.getScheme()) && !http.allowInsecureHttp() && !isLoopback(url.getHost())) {
            throw Node.error(where, "plain http:// would send the API key unencrypted: use https://, "
                    + "or set http.allow_insecure_http: true");
        }
    }

    /** A club fetched over HTTP needs a key: its own, the default one or the environment's. */
    static void requireKey(Node club, String prefix, URI url, Optional<Secret> key) throws ConfigException {
        if (key.isEmpty() && !"file".equals(url.getScheme())) {
            throw club.error("club " + prefix + " has no API key: set default_auth_token(_file), "
                    + "the club's auth_token(_file), or " + ConfigLoader.TOKEN_ENV);
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literal addresses: no DNS lookup at config time.
            boolean literal = host.matches("[0-9.]+") || host.startsWith("[");
            return literal && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
