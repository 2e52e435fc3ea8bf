package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@code clubs:} list: each club's prefix, domains, API URL and key. */
final class ClubsSection {
    static final Setting<String> PREFIX = Setting.withoutDefault("prefix", ClubsSection::prefix);
    static final Setting<List<String>> DOMAINS = Setting.withoutDefault("domains", node -> domains(node, node.list()));
    /** The old script's single domain. */
    static final Setting<List<String>> LEGACY_DOMAIN =
            Setting.withoutDefault("domain", node -> domains(node, List.of(node)));
    static final Setting<URI> API_URL = Setting.withoutDefault("api_url", ClubsSection::apiUrl);

    /** One club of the list: the keys each may hold. */
    static final Section CLUB = new Section("clubs",
            Stream.concat(Stream.of(PREFIX, DOMAINS, LEGACY_DOMAIN, API_URL), Secrets.PER_CLUB.stream()).toList());

    /** A club as read, and where it stands in the config, for the rules that compare clubs. */
    record Entry(Node node, ClubSource source) {}

    private ClubsSection() {}

    /** The clubs' mappings, as the config gives them (required, a list). */
    static List<Node> entries(Node root) throws ConfigException {
        return root.require(CLUB.key()).list();
    }

    static List<ClubSource> read(Node root, HttpSettings http, Secrets secrets, Optional<Secret> defaultKey)
            throws ConfigException {
        List<Entry> clubs = new ArrayList<>();
        for (Node node : entries(root)) {
            Node club = CLUB.checked(node);
            clubs.add(new Entry(club, source(club, http, secrets, defaultKey)));
        }
        ConfigRules.requireDistinctClubs(clubs);
        if (clubs.isEmpty()) {
            throw Node.error(CLUB.key(), "no club configured");
        }
        return clubs.stream().map(Entry::source).toList();
    }

    private static ClubSource source(Node club, HttpSettings http, Secrets secrets, Optional<Secret> defaultKey)
            throws ConfigException {
        String prefix = PREFIX.value(club);
        ConfigRules.requireExactlyOne(club, DOMAINS, LEGACY_DOMAIN,
                "give either domains (a list) or the legacy domain (one name)");
        List<String> domains = DOMAINS.isIn(club) ? DOMAINS.value(club) : LEGACY_DOMAIN.value(club);
        URI url = API_URL.value(club);
        ConfigRules.requireEncryptedUnlessAllowed(club.child(API_URL.key()), url, http);
        Optional<Secret> key = secrets.clubKey(club);
        if (key.isEmpty()) {
            key = defaultKey;
        }
        ConfigRules.requireKey(club, prefix, url, key);
        return new ClubSource(new Club(prefix, domains), url, key.orElseGet(() -> new Secret("")));
    }

    private static String prefix(Node node) throws ConfigException {
        String prefix = node.asString();
        try {
            Club.checkPrefix(prefix);
        } catch (InvalidValueException e) {
            throw node.error(Node.withoutValues(e.getMessage().replace("list name", "prefix")));
        }
        return prefix;
    }

    private static List<String> domains(Node where, List<Node> nodes) throws ConfigException {
        if (nodes.isEmpty()) {
            throw where.error("must name at least one domain");
        }
        List<String> out = new ArrayList<>();
        for (Node node : nodes) {
            try {
                String domain = Domains.parse(node.asString().strip());
                if (!out.contains(domain)) {
                    out.add(domain);
                }
            } catch (InvalidValueException e) {
                throw node.error(Node.withoutValues(e.getMessage()));
            }
        }
        return out;
    }

    /** An https:// or http:// URL with a host, or a file: URL, taken from the working directory when relative. */
    private static URI apiUrl(Node node) throws ConfigException {
        URI url;
        try {
            url = new URI(node.asString().strip());
        } catch (URISyntaxException e) {
            throw node.error("not a URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> fileUrl(node, url);
            case "https", "http" -> {
                if (url.getHost() == null || url.getUserInfo() != null) {
                    throw node.error("must be a URL with a host name and no user:password part");
                }
                yield url;
            }
            default -> throw node.error("must be an https://, http:// (loopback) or file: URL");
        };
    }

    private static URI fileUrl(Node node, URI url) throws ConfigException {
        // file:relative/path is relative to the working directory, like every other path here.
        if (url.getAuthority() != null) {
            throw node.error("a file: URL names a local file: file:/absolute/path or file:relative/path");
        }
        String path = url.isOpaque() ? url.getSchemeSpecificPart() : url.getPath();
        return Path.of(path).toAbsolutePath().normalize().toUri();
    }
}
