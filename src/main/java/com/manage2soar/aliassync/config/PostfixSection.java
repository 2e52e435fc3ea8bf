package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.model.MapType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** How the job drives Postfix: the map type, the commands it runs and how long each may run. */
record PostfixSection(MapType mapType, Path postmapCommand, List<String> reloadCommand, CommandLimits limits) {
    static final Setting<MapType> MAP_TYPE = Setting.withDefault("map_type", PostfixSection::mapType, MapType.HASH);
    static final Setting<Path> POSTMAP_COMMAND =
            Setting.withDefault("postmap_command", Node::asPath, Path.of("/usr/sbin/postmap"));
    /** An argv, run without a shell; {@code []} never reloads. */
    static final Setting<List<String>> RELOAD_COMMAND =
            Setting.withDefault("reload_command", Node::asStrings, List.of("/usr/sbin/postfix", "reload"));
    static final Setting<Duration> POSTMAP_TIMEOUT =
            Setting.withDefault("postmap_timeout_seconds", Node::asSeconds, CommandLimits.DEFAULTS.postmap());
    static final Setting<Duration> POSTCONF_TIMEOUT =
            Setting.withDefault("postconf_timeout_seconds", Node::asSeconds, CommandLimits.DEFAULTS.postconf());
    static final Setting<Duration> RELOAD_TIMEOUT =
            Setting.withDefault("reload_timeout_seconds", Node::asSeconds, CommandLimits.DEFAULTS.reload());

    static final List<ConfigKey> TOP_LEVEL =
            List.of(MAP_TYPE, POSTMAP_COMMAND, RELOAD_COMMAND, POSTMAP_TIMEOUT, POSTCONF_TIMEOUT, RELOAD_TIMEOUT);

    static PostfixSection read(Node root) throws ConfigException {
        return new PostfixSection(MAP_TYPE.value(root), POSTMAP_COMMAND.value(root), RELOAD_COMMAND.value(root),
                new CommandLimits(POSTMAP_TIMEOUT.value(root), POSTCONF_TIMEOUT.value(root), RELOAD_TIMEOUT.value(root)));
    }

    private static MapType mapType(Node node) throws ConfigException {
        String value = node.asString();
        return Arrays.stream(MapType.values()).filter(type -> type.postfixName().equals(value)).findFirst()
                .orElseThrow(() -> node.error("must be one of hash, btree, lmdb, cdb, texthash"));
    }
}
