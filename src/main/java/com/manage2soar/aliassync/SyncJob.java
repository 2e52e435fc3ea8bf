package com.manage2soar.aliassync;

import com.manage2soar.aliassync.api.ClubFetch;
import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.api.FetchFailure;
import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.apply.MapStore;
import com.manage2soar.aliassync.apply.RunLock;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.plan.CurrentMap;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.Plan;
import com.manage2soar.aliassync.plan.PlanText;
import com.manage2soar.aliassync.plan.Planner;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.Renderer;
import com.manage2soar.aliassync.report.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run: lock, fetch, validate, render, plan, then print (dry run) or apply; returns the exit code. */
public final class SyncJob {
    private static final Logger log = LoggerFactory.getLogger(SyncJob.class);

    public record Options(boolean dryRun, boolean detailedExitCode, boolean force) {}

    private final SyncConfig config;
    private final ClubFetcher fetcher;
    private final MapStore store;
    private final CommandRunner commands;

    public SyncJob(SyncConfig config, ClubFetcher fetcher, CommandRunner commands) {
        this.config = config;
        this.fetcher = fetcher;
        this.commands = commands;
        this.store = new MapStore(config.mapType(), config.postmapCommand(), commands);
    }

    public ExitCode run(Options options, PrintWriter out) throws IOException {
        if (options.dryRun()) {
            return sync(options, out); // reads only: no lock, so an admin can look while cron runs
        }
        Optional<RunLock> lock;
        try {
            lock = RunLock.tryAcquire(config.lockFile());
        } catch (IOException e) {
            log.error("cannot create lock_file {}: {}", config.lockFile(), e.getMessage());
            return ExitCode.CANNOT_WRITE;
        }
        if (lock.isEmpty()) {
            log.warn("another run holds {}: nothing done", config.lockFile());
            return ExitCode.PARTIAL;
        }
        try (RunLock held = lock.get()) {
            return sync(options, out);
        }
    }

    private ExitCode sync(Options options, PrintWriter out) {
        long start = System.nanoTime();
        Renderer renderer = new Renderer(config.render());
        List<MapFile> files = renderer.render(config.clubs(), Map.of()).stream().map(DesiredMap::file).toList();
        if (!options.dryRun()) {
            try {
                store.recover(files);
            } catch (ApplyException e) {
                log.error("{}", e.getMessage());
                return ExitCode.CANNOT_WRITE;
            }
        }

        List<ClubFetch> fetches = fetcher.fetchAll(config.sources());
        Map<String, ClubLists> fetched = new HashMap<>();
        List<ClubFetch.Failed> failed = new ArrayList<>();
        int dropped = 0;
        for (ClubFetch fetch : fetches) {
            switch (fetch) {
                case ClubFetch.Fetched f -> {
                    List<String> warnings = new ArrayList<>();
                    ClubLists lists = ClubLists.validate(f.club().prefix(), f.lists(), d -> warnings.add(d.toString()));
                    warnings.forEach(log::warn);
                    dropped += warnings.size();
                    fetched.put(f.club().prefix(), lists);
                    log.info("club {}: fetched {} lists, {} whitelisted senders{} in {} ms", f.club(),
                            lists.lists().size(), lists.whitelist().size(),
                            warnings.isEmpty() ? "" : ", " + warnings.size() + " invalid entries dropped",
                            f.took().toMillis());
                }
                case ClubFetch.Failed f -> {
                    failed.add(f);
                    log.error("club {}: FAILED ({}): {}; its current entries are kept", f.club(),
                            f.kind().name().toLowerCase(), f.reason());
                }
            }
        }
        if (fetched.isEmpty()) {
            ExitCode code = allFailedCode(failed);
            log.error("no club could be fetched: no file touched (exit {})", code.code());
            return code;
        }

        Map<Path, CurrentMap> current = new HashMap<>();
        List<DesiredMap> desired = renderer.render(config.clubs(), fetched);
        for (DesiredMap map : desired) {
            try {
                current.put(map.file().path(), store.read(map.file()));
            } catch (IOException e) {
                log.error("cannot read {}: {}", map.file(), e.getMessage());
                return ExitCode.CANNOT_WRITE;
            }
        }
        Plan plan = new Planner(config.maxRemovedPercent()).plan(config.clubs(), fetched, desired, current);
        ExitCode fetchCode = failed.isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;

        if (options.dryRun()) {
            PlanText.print(plan, out);
            if (plan.refused() && !options.force()) {
                return ExitCode.DATA;
            }
            if (fetchCode != ExitCode.OK) {
                return fetchCode;
            }
            return options.detailedExitCode() && plan.hasChanges() ? ExitCode.CHANGES_PENDING : ExitCode.OK;
        }
        if (plan.refused()) {
            for (var refusal : plan.refusals()) {
                log.error("REFUSED: {}", refusal.reason());
            }
            if (!options.force()) {
                log.error("nothing written. Look at the plan with --dry-run; if the removal is real, run once with --force");
                return ExitCode.DATA;
            }
            log.warn("--force: applying the refused plan");
        }

        ExitCode applied = apply(plan);
        log.info("{} clubs fetched, {} failed, {} invalid entries dropped; {}; done in {} ms (exit {})",
                fetched.size(), failed.size(), dropped, PlanText.summary(plan), (System.nanoTime() - start) / 1_000_000,
                (applied == ExitCode.OK ? fetchCode : applied).code());
        return applied == ExitCode.OK ? fetchCode : applied;
    }

    private ExitCode apply(Plan plan) {
        List<FileChange> writes = plan.filesToWrite();
        try {
            store.apply(writes);
        } catch (ApplyException e) {
            log.error("{}", e.getMessage());
            return e.kind() == ApplyException.Kind.WRITE ? ExitCode.CANNOT_WRITE : ExitCode.COMMAND_FAILED;
        }
        for (FileChange file : writes) {
            log.info("{}: written ({} keys, {} changed)", file.file(), file.desired().size(), file.changes().size());
        }
        if (plan.needsReload() && !config.reloadCommand().isEmpty()) {
            return reload();
        }
        return ExitCode.OK;
    }

    private ExitCode reload() {
        try {
            CommandRunner.Result result = commands.run(config.reloadCommand());
            if (result.exitCode() != 0) {
                log.error("reload command {} failed (exit {}): {}; the new maps are in place and Postfix "
                        + "picks them up as its processes restart", config.reloadCommand(), result.exitCode(), result.output());
                return ExitCode.COMMAND_FAILED;
            }
            log.info("Postfix reloaded ({})", String.join(" ", config.reloadCommand()));
            return ExitCode.OK;
        } catch (IOException e) {
            log.error("cannot run reload command {}: {}", config.reloadCommand(), e.getMessage());
            return ExitCode.COMMAND_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.COMMAND_FAILED;
        }
    }

    /** When every club failed: auth if all were refused keys, data if all sent junk, else unavailable. */
    static ExitCode allFailedCode(List<ClubFetch.Failed> failed) {
        if (failed.stream().allMatch(f -> f.kind() == FetchFailure.AUTH)) {
            return ExitCode.AUTH;
        }
        if (failed.stream().allMatch(f -> f.kind() == FetchFailure.INVALID_RESPONSE)) {
            return ExitCode.DATA;
        }
        return ExitCode.UNAVAILABLE;
    }
}
