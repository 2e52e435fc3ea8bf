package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.Domains;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.InvalidValueException;
import com.manage2soar.aliassync.model.MapType;
import com.manage2soar.aliassync.plan.SafetyRules;
import com.manage2soar.aliassync.render.RenderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads config.yml: the keys the Python script's deployments have (including the legacy
 * {@code auth_token}, {@code domain} and {@code rspamd_whitelist_file}) and the newer ones.
 * Relative paths are taken from the working directory, as for any command-line tool.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Path.of("/etc/m2s-sync-aliases/config.yml");
    public static final String TOKEN_ENV = "M2S_API_KEY";

    private static final Set<String> TOP_KEYS = Set.of("default_auth_token", "auth_token",
            "default_auth_token_file", "postfix_virtual_file", "postfix_whitelist_file",
            "postfix_recipient_check_file", "rspamd_whitelist_dir", "rspamd_whitelist_file", "dev_mode",
            "clubs", "admin_email", "map_type", "postmap_command", "reload_command", "lock_file",
            "metrics_file", "http", "safety", "state_dir", "postmap_timeout_seconds",
            "postconf_timeout_seconds", "reload_timeout_seconds");
    private static final Set<String> CLUB_KEYS =
            Set.of("prefix", "domains", "domain", "api_url", "auth_token", "auth_token_file");
    private static final Set<String> HTTP_KEYS = Set.of("connect_timeout_seconds", "request_timeout_seconds",
            "retries", "concurrency", "deadline_seconds", "max_response_bytes", "ca_file", "allow_insecure_http");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public SyncConfig load(Path file) throws ConfigException {
        Node root = new Node("", YamlReader.read(file));
        if (root.value() == null) {
            throw new ConfigException(file + ": the file is empty");
        }
        try {
            SyncConfig config = build(file, root);
            OwnedPaths.requireDistinct(config);
            return config;
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new ConfigException(file + ": " + e.getMessage());
        }
    }

    private SyncConfig build(Path file, Node root) throws ConfigException {
        root.allowOnly(TOP_KEYS);
        boolean inlineToken = false;
        Optional<Secret> defaultToken = Optional.empty();
        if (root.get("default_auth_token").isPresent() && root.get("auth_token").isPresent()) {
            throw Node.error("auth_token", "the legacy name of default_auth_token: give only one of them");
        }
        for (String key : List.of("default_auth_token", "auth_token")) {
            Optional<String> token = root.string(key);
            if (token.isPresent()) {
                defaultToken = Optional.of(secret(key, token.get()));
                inlineToken = true;
            }
        }
        Optional<Secret> fromFile = tokenFile(root, "default_auth_token_file");
        if (fromFile.isPresent()) {
            if (defaultToken.isPresent()) {
                throw Node.error("default_auth_token_file", "give the default token inline or in a file, not both");
            }
            defaultToken = fromFile;
        }
        String envToken = env.get(TOKEN_ENV);
        if (envToken != null && !envToken.isBlank()) {
            defaultToken = Optional.of(secret(TOKEN_ENV, envToken.strip()));
        }

        Optional<Secret> fallbackToken = defaultToken;
        HttpSettings http = http(root);
        List<ClubSource> sources = new ArrayList<>();
        Map<String, String> prefixes = new HashMap<>();
        Map<String, String> domains = new HashMap<>();
        for (Node node : root.require("clubs").list()) {
            node.allowOnly(CLUB_KEYS);
            String prefix = node.require("prefix").asString();
            try {
                Club.checkPrefix(prefix);
            } catch (InvalidValueException e) {
                throw Node.error(node.path() + ".prefix", Node.withoutValues(e.getMessage().replace("list name", "prefix")));
            }
            String first = prefixes.putIfAbsent(prefix, node.path());
            if (first != null) {
                throw Node.error(node.path() + ".prefix", "the same prefix as " + first);
            }
            List<String> clubDomains = clubDomains(node);
            for (String domain : clubDomains) {
                String other = domains.put(domain, node.path());
                if (other != null) {
                    throw Node.error(node.path() + ".domains", "names a domain of " + other + " too");
                }
            }
            URI url = apiUrl(node.require("api_url"), http);
            Optional<String> inline = node.string("auth_token");
            Optional<Secret> token = inline.isEmpty() ? Optional.empty()
                    : Optional.of(secret(node.path() + ".auth_token", inline.get()));
            inlineToken |= token.isPresent();
            Optional<Secret> tokenFromFile = tokenFile(node, "auth_token_file");
            if (token.isPresent() && tokenFromFile.isPresent()) {
                throw Node.error(node.path(), "give auth_token or auth_token_file, not both");
            }
            Secret secret = token.or(() -> tokenFromFile).or(() -> fallbackToken).orElse(null);
            if (secret == null && !"file".equals(url.getScheme())) {
                throw Node.error(node.path(), "club " + prefix + " has no API key: set default_auth_token(_file), "
                        + "the club's auth_token(_file), or " + TOKEN_ENV);
            }
            sources.add(new ClubSource(new Club(prefix, clubDomains), url, secret == null ? new Secret("") : secret));
        }
        if (sources.isEmpty()) {
            throw Node.error("clubs", "no club configured");
        }
        if (inlineToken) {
            requirePrivate(file, "holds an API key");
        }

        RenderSettings render = render(root);
        MapType mapType = mapType(root);
        List<String> reload = List.of("/usr/sbin/postfix", "reload");
        Optional<Node> reloadNode = root.get("reload_command");
        if (reloadNode.isPresent()) {
            reload = new ArrayList<>();
            for (Node arg : reloadNode.get().list()) {
                reload.add(arg.asString());
            }
        }
        int maxRemoved = 20;
        int minRemoved = SafetyRules.DEFAULT_MIN_REMOVED_RECIPIENTS;
        Optional<Node> safety = root.get("safety");
        if (safety.isPresent()) {
            safety.get().allowOnly(Set.of("max_removed_percent", "min_removed_recipients"));
            Optional<Node> pct = safety.get().get("max_removed_percent");
            if (pct.isPresent()) {
                maxRemoved = (int) pct.get().asLong(0, 100);
            }
            Optional<Node> min = safety.get().get("min_removed_recipients");
            if (min.isPresent()) {
                minRemoved = (int) min.get().asLong(0, Integer.MAX_VALUE);
            }
        }
        return new SyncConfig(file, sources, render, mapType,
                path(root, "postmap_command").orElse(Path.of("/usr/sbin/postmap")), reload,
                path(root, "lock_file").orElse(Path.of("/run/lock/m2s-sync-aliases.lock")),
                path(root, "metrics_file"), http, maxRemoved, minRemoved,
                path(root, "state_dir").orElse(Path.of("/var/lib/m2s-sync-aliases")), commandLimits(root));
    }

    private static CommandLimits commandLimits(Node root) throws ConfigException {
        CommandLimits d = CommandLimits.DEFAULTS;
        return new CommandLimits(seconds(root, "postmap_timeout_seconds", d.postmap()),
                seconds(root, "postconf_timeout_seconds", d.postconf()),
                seconds(root, "reload_timeout_seconds", d.reload()));
    }

    private static List<String> clubDomains(Node club) throws ConfigException {
        Optional<Node> many = club.get("domains");
        Optional<Node> one = club.get("domain");
        if (many.isPresent() == one.isPresent()) {
            throw Node.error(club.path(), "give either domains (a list) or the legacy domain (one name)");
        }
        List<Node> nodes = many.isPresent() ? many.get().list() : List.of(one.get());
        if (nodes.isEmpty()) {
            throw Node.error(club.path() + ".domains", "must name at least one domain");
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

    private static URI apiUrl(Node node, HttpSettings http) throws ConfigException {
        String raw = node.asString().strip();
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw node.error("not a URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                // file:relative/path is relative to the working directory, like every other path here.
                if (url.getAuthority() != null) {
                    throw node.error("a file: URL names a local file: file:/absolute/path or file:relative/path");
                }
                String path = url.isOpaque() ? url.getSchemeSpecificPart() : url.getPath();
                return Path.of(path).toAbsolutePath().normalize().toUri();
            }
            case "https" -> {
                requireHost(node, url);
                return url;
            }
            case "http" -> {
                requireHost(node, url);
                if (!http.allowInsecureHttp() && !isLoopback(url.getHost())) {
                    throw node.error("plain http:// would send the API key unencrypted: use https://, "
                            + "or set http.allow_insecure_http: true");
                }
                return url;
            }
            default -> throw node.error("must be an https://, http:// (loopback) or file: URL");
        }
    }

    private static void requireHost(Node node, URI url) throws ConfigException {
        if (url.getHost() == null || url.getUserInfo() != null) {
            throw node.error("must be a URL with a host name and no user:password part");
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

    private static HttpSettings http(Node root) throws ConfigException {
        HttpSettings d = HttpSettings.DEFAULTS;
        Optional<Node> node = root.get("http");
        if (node.isEmpty()) {
            return d;
        }
        Node h = node.get();
        h.allowOnly(HTTP_KEYS);
        return new HttpSettings(
                seconds(h, "connect_timeout_seconds", d.connectTimeout()),
                seconds(h, "request_timeout_seconds", d.requestTimeout()),
                (int) number(h, "retries", 0, 10, d.retries()),
                (int) number(h, "concurrency", 1, 256, d.concurrency()),
                seconds(h, "deadline_seconds", d.deadline()),
                number(h, "max_response_bytes", 1024, 1L << 31, d.maxResponseBytes()),
                caFile(h),
                h.get("allow_insecure_http").isPresent() && h.require("allow_insecure_http").asBoolean());
    }

    /** A PEM bundle with at least one certificate; read here so a bad one is a config error, not a failed run. */
    private static Optional<Path> caFile(Node http) throws ConfigException {
        Optional<Path> file = path(http, "ca_file");
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(file.get())) {
                if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    throw Node.error("http.ca_file", file.get() + " holds no PEM certificate");
                }
            } catch (IOException | CertificateException e) {
                throw Node.error("http.ca_file", file.get() + ": not a readable PEM certificate bundle: " + e.getMessage());
            }
        }
        return file;
    }

    private static Duration seconds(Node node, String key, Duration fallback) throws ConfigException {
        return Duration.ofSeconds(number(node, key, 1, 3600, fallback.toSeconds()));
    }

    private static long number(Node node, String key, long min, long max, long fallback) throws ConfigException {
        Optional<Node> value = node.get(key);
        return value.isPresent() ? value.get().asLong(min, max) : fallback;
    }

    private static RenderSettings render(Node root) throws ConfigException {
        if (root.get("rspamd_whitelist_dir").isPresent() && root.get("rspamd_whitelist_file").isPresent()) {
            throw Node.error("rspamd_whitelist_file", "the legacy single-file form of rspamd_whitelist_dir: give only one");
        }
        Optional<EmailAddress> redirect = Optional.empty();
        Optional<Node> dev = root.get("dev_mode");
        if (dev.isPresent()) {
            dev.get().allowOnly(Set.of("enabled", "redirect_to"));
            boolean enabled = dev.get().get("enabled").isPresent() && dev.get().require("enabled").asBoolean();
            if (enabled) {
                redirect = Optional.of(address(dev.get().require("redirect_to")));
            }
        }
        Optional<Node> admin = root.get("admin_email");
        return new RenderSettings(
                path(root, "postfix_virtual_file").orElse(Path.of("/etc/postfix/virtual")),
                path(root, "postfix_whitelist_file").orElse(Path.of("/etc/postfix/sender_whitelist")),
                path(root, "postfix_recipient_check_file"),
                path(root, "rspamd_whitelist_dir"),
                path(root, "rspamd_whitelist_file"),
                admin.isPresent() ? Optional.of(address(admin.get())) : Optional.empty(),
                redirect);
    }

    private static EmailAddress address(Node node) throws ConfigException {
        try {
            return EmailAddress.parse(node.asString());
        } catch (InvalidValueException e) {
            throw node.error("not a usable mail address: " + Node.withoutValues(e.getMessage()));
        }
    }

    private static MapType mapType(Node root) throws ConfigException {
        Optional<Node> node = root.get("map_type");
        if (node.isEmpty()) {
            return MapType.HASH;
        }
        String value = node.get().asString();
        for (MapType type : MapType.values()) {
            if (type.postfixName().equals(value)) {
                return type;
            }
        }
        throw node.get().error("must be one of hash, btree, lmdb, cdb, texthash");
    }

    private static Optional<Path> path(Node node, String key) throws ConfigException {
        Optional<String> value = node.string(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value.get().strip()).toAbsolutePath().normalize());
    }

    private Optional<Secret> tokenFile(Node node, String key) throws ConfigException {
        Optional<Path> path = path(node, key);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path file = path.get();
        String where = node.path().isEmpty() ? key : node.path() + "." + key;
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.contains("\n")) {
                throw Node.error(where, file + " must hold exactly one line: the API key");
            }
            requirePrivate(file, "holds an API key");
            return Optional.of(secret(where, token));
        } catch (NoSuchFileException e) {
            throw Node.error(where, file + ": no such file");
        } catch (IOException e) {
            throw Node.error(where, file + ": cannot read: " + e.getMessage());
        }
    }

    /** A key goes into an HTTP header: printable ASCII only. The message never quotes it. */
    private static Secret secret(String where, String token) throws ConfigException {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw Node.error(where, "the API key holds a space, control or non-ASCII character (at position "
                        + (i + 1) + "); it cannot be sent in a header");
            }
        }
        return new Secret(token);
    }

    /** Like ssh with a private key: a secret readable by others is refused, not silently used. */
    private static void requirePrivate(Path file, String why) throws ConfigException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.retainAll(GROUP_OR_OTHER);
            if (!perms.isEmpty()) {
                throw new ConfigException(file + " " + why + " but is accessible by group or others; run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            throw new ConfigException(file + ": cannot check permissions: " + e.getMessage());
        }
    }
}
