package com.manage2soar.aliassync.config;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.MapType;
import com.manage2soar.aliassync.plan.SafetyRules;
import com.manage2soar.aliassync.render.RenderSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The validated config: every value here has been checked and every path made absolute. */
public record SyncConfig(
        Path file,
        List<ClubSource> sources,
        RenderSettings render,
        MapType mapType,
        Path postmapCommand,
        List<String> reloadCommand,
        Path lockFile,
        Optional<Path> metricsFile,
        HttpSettings http,
        int maxRemovedPercent,
        int minRemovedRecipients,
        Path stateDir,
        CommandLimits commandLimits) {

    public SyncConfig {
        sources = List.copyOf(sources);
        reloadCommand = List.copyOf(reloadCommand);
    }

    public SafetyRules safety() {
        return new SafetyRules(maxRemovedPercent, minRemovedRecipients);
    }

    public List<Club> clubs() {
        return sources.stream().map(ClubSource::club).toList();
    }
}
