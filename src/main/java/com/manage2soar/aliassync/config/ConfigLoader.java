package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.render.RenderSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads config.yml: the keys the Python script's deployments have (including the legacy
 * {@code auth_token}, {@code domain} and {@code rspamd_whitelist_file}) and the newer ones, each declared
 * with its default in the section that reads it. Relative paths are taken from the working directory, as
 * for any command-line tool.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_FILE = Path.of("/etc/m2s-sync-aliases/config.yml");
    public static final String TOKEN_ENV = "M2S_API_KEY";

    /** The top level of config.yml: the keys of every section that lives there, and the nested sections. */
    static final Section TOP_LEVEL = new Section("", Stream.of(Secrets.TOP_LEVEL, RenderSection.TOP_LEVEL,
            PostfixSection.TOP_LEVEL, RunFilesSection.TOP_LEVEL,
            List.<ConfigKey>of(HttpSection.SECTION, SafetySection.SECTION, ClubsSection.CLUB))
            .flatMap(List::stream).toList());

    private final Secrets secrets;

    public ConfigLoader(Map<String, String> env) {
        this.secrets = new Secrets(env);
    }

    public SyncConfig load(Path file) throws ConfigException {
        Node root = new Node("", YamlReader.read(file));
        if (root.value() == null) {
            throw new ConfigException(file + ": the file is empty");
        }
        try {
            SyncConfig config = build(file, TOP_LEVEL.checked(root));
            OwnedPaths.requireDistinct(config);
            return config;
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new ConfigException(file + ": " + e.getMessage());
        }
    }

    private SyncConfig build(Path file, Node root) throws ConfigException {
        Optional<Secret> defaultKey = secrets.defaultKey(root);
        HttpSettings http = HttpSection.read(root);
        List<ClubSource> sources = ClubsSection.read(root, http, secrets, defaultKey);
        if (Secrets.writtenIn(root)) {
            Secrets.requirePrivate(file);
        }
        RenderSettings render = RenderSection.read(root);
        PostfixSection postfix = PostfixSection.read(root);
        SafetySection safety = SafetySection.read(root);
        RunFilesSection files = RunFilesSection.read(root);
        return new SyncConfig(file, sources, render, postfix.mapType(), postfix.postmapCommand(),
                postfix.reloadCommand(), files.lockFile(), files.metricsFile(), http, safety.maxRemovedPercent(),
                safety.minRemovedRecipients(), files.stateDir(), postfix.limits());
    }
}
