package com.manage2soar.aliassync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The files of the job itself, besides the maps: its lock, what one run leaves for the next, its metrics. */
record RunFilesSection(Path lockFile, Path stateDir, Optional<Path> metricsFile) {
    static final Setting<Path> LOCK_FILE =
            Setting.withDefault("lock_file", Node::asPath, Path.of("/run/lock/m2s-sync-aliases.lock"));
    static final Setting<Path> STATE_DIR = Setting.withDefault("state_dir", Node::asPath, Path.of("/var/lib/m2s-sync-aliases"));
    /** A Prometheus textfile; none when absent. */
    static final Setting<Path> METRICS_FILE = Setting.withoutDefault("metrics_file", Node::asPath);

    static final List<ConfigKey> TOP_LEVEL = List.of(LOCK_FILE, STATE_DIR, METRICS_FILE);

    static RunFilesSection read(Node root) throws ConfigException {
        return new RunFilesSection(LOCK_FILE.value(root), STATE_DIR.value(root), METRICS_FILE.in(root));
    }
}
