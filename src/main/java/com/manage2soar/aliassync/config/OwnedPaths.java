package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.apply.MapStore;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.render.Renderer;
import com.manage2soar.aliassync.report.MetricsFile;
import com.manage2soar.aliassync.state.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every file the job reads as its config or writes, by the key that names it. Two keys that name one
 * file would overwrite each other (a lock file over the config, two maps over one), so such a config
 * is refused before anything runs. Paths are compared as the kernel resolves them: symbolic links in
 * existing directories are followed.
 */
final class OwnedPaths {
    private final Map<Path, String> owners = new HashMap<>();

    private OwnedPaths() {}

    /** One line a path: a key naming one more file the job reads or writes adds one here. */
    static void requireDistinct(SyncConfig config) throws ConfigException {
        OwnedPaths paths = new OwnedPaths();
        paths.add("the config file itself", config.file());
        paths.add("lock_file", config.lockFile());
        StateFile state = new StateFile(config.stateDir(), config.file());
        paths.add("state_dir's state file", state.path());
        paths.add("state_dir's temporary file", state.temporary());
        if (config.metricsFile().isPresent()) {
            paths.add("metrics_file", config.metricsFile().get());
            paths.add("metrics_file's temporary file", MetricsFile.temporary(config.metricsFile().get()));
        }
        for (MapFile file : new Renderer(config.render()).files(config.clubs())) {
            String key = keyOf(file);
            List<Path> written = written(key, file, config);
            paths.add(key, written.get(0));
            // A map that is a link is written through: its target is the same file, named once.
            Set<Path> seen = new HashSet<>(List.of(resolved(written.get(0))));
            for (Path path : written.subList(1, written.size())) {
                if (!seen.add(resolved(path))) {
                    continue;
                }
                String what = path.getFileName().toString().startsWith(".") ? "temporary file" : "index";
                paths.add(key + "'s " + what + " " + path.getFileName(), path);
            }
        }
    }

    private static List<Path> written(String key, MapFile file, SyncConfig config) throws ConfigException {
        try {
            return MapStore.pathsWritten(file, config.mapType());
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot resolve the path's symbolic links: " + e.getClass().getSimpleName());
        }
    }

    /** The config key of a map the renderer lists (which key names it follows from its format and scope). */
    private static String keyOf(MapFile file) {
        return switch (file.format()) {
            case POSTFIX_ALIASES -> "postfix_virtual_file";
            case POSTFIX_ACCESS -> file.scope() instanceof MapScope.AllClubs
                    ? "postfix_whitelist_file" : "postfix_recipient_check_file";
            case RSPAMD_LIST -> switch (file.scope()) {
                case MapScope.OneClub club -> "rspamd_whitelist_dir (club " + club.prefix() + ")";
                case MapScope.ListAddresses bypass -> "rspamd_whitelist_dir (" + file.name() + ")";
                case MapScope.AllClubs all -> "rspamd_whitelist_file";
            };
        };
    }

    private void add(String key, Path path) throws ConfigException {
        String other = owners.putIfAbsent(resolved(path), key);
        if (other != null) {
            throw new ConfigException(other + " and " + key + " are the same file: each would overwrite the other; "
                    + "give them different paths");
        }
    }

    /** The path with the symbolic links of its existing part resolved, so two spellings of one file compare equal. */
    static Path resolved(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
