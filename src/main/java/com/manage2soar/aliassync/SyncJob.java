package com.manage2soar.aliassync;

import com.manage2soar.aliassync.api.ClubAnswer;
import com.manage2soar.aliassync.api.ClubFetch;
import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.api.FetchFailure;
import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.apply.MapStore;
import com.manage2soar.aliassync.apply.RunLock;
import com.manage2soar.aliassync.apply.SyncFingerprint;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.DroppedEntry;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.Recipients;
import com.manage2soar.aliassync.plan.CurrentMap;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.Plan;
import com.manage2soar.aliassync.plan.PlanText;
import com.manage2soar.aliassync.plan.Planner;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.Renderer;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.MetricsFile;
import com.manage2soar.aliassync.report.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run: lock, fetch, validate, render, plan, then print (dry run) or apply; returns the exit code. */
public final class SyncJob {
    private static final Logger log = LoggerFactory.getLogger(SyncJob.class);
    private static final int DEFAULT_EXPANSION_LIMIT = 1000;

    public record Options(boolean dryRun, boolean detailedExitCode, boolean force) {}

    private final SyncConfig config;
    private final ClubFetcher fetcher;
    private final MapStore store;
    private final CommandRunner commands;
    private final Renderer renderer;

    public SyncJob(SyncConfig config, ClubFetcher fetcher, CommandRunner commands) {
        this.config = config;
        this.fetcher = fetcher;
        this.commands = commands;
        this.store = new MapStore(config.mapType(), config.postmapCommand(), config.commandLimits().postmap(),
                commands);
        this.renderer = new Renderer(config.render());
    }

    @SuppressWarnings("try") // the lock is held for the block's duration, not used in it
    public ExitCode run(Options options, PrintWriter out) {
        if (options.dryRun()) {
            // Reads only: no lock, so an admin can look while cron runs; and no shortcut, it shows the whole plan.
            return new Run(options, out, Optional.empty()).sync();
        }
        Optional<RunLock> lock;
        try {
            lock = RunLock.tryAcquire(config.lockFile());
        } catch (ApplyException e) {
            log.error("lock_file: {}", e.getMessage());
            return ExitCode.CANNOT_WRITE;
        }
        if (lock.isEmpty()) {
            log.warn("another run holds {}: nothing done", config.lockFile());
            return ExitCode.PARTIAL;
        }
        try (RunLock held = lock.get()) {
            Run run = new Run(options, out, lock);
            ExitCode code = run.sync();
            if (code == ExitCode.OK && !run.unchanged) {
                run.fingerprint().ifPresent(held::rememberCleanRun);
            }
            config.metricsFile().ifPresent(file -> run.writeMetrics(file, code));
            return code;
        }
    }

    /** The state of one run, from fetch to apply, and what the metrics file reports of it. */
    private final class Run {
        private final Options options;
        private final PrintWriter out;
        private final Optional<RunLock> lock;
        private final Instant started = Instant.now();
        private final long start = System.nanoTime();
        private final Map<String, Boolean> clubFetched = new LinkedHashMap<>();
        private Plan plan = new Plan(List.of(), List.of());
        private int dropped;
        private boolean applied;
        private boolean reloaded;
        private List<MapFile> files = List.of();
        private Optional<List<String>> digests = Optional.empty();
        /** This run found everything as the last clean run left it, and so did nothing. */
        private boolean unchanged;

        Run(Options options, PrintWriter out, Optional<RunLock> lock) {
            this.options = options;
            this.out = out;
            this.lock = lock;
        }

        ExitCode sync() {
            files = renderer.render(config.clubs(), Map.of()).stream().map(DesiredMap::file).toList();
            if (!options.dryRun()) {
                try {
                    store.recover(files);
                } catch (ApplyException e) {
                    log.error("{}", e.getMessage());
                    return ExitCode.CANNOT_WRITE;
                }
            }

            ClubAnswer[] answers = fetcher.fetchAll(config.sources()).toArray(ClubAnswer[]::new);
            digests = digests(answers);
            Optional<String> seen = lock.isPresent() ? fingerprint() : Optional.empty();
            if (seen.isPresent() && seen.equals(lock.get().lastCleanRun())) {
                unchanged = true;
                for (ClubAnswer answer : answers) {
                    clubFetched.put(answer.club().prefix(), true);
                    log.debug("club {}: answer unchanged, fetched in {} ms", answer.club(),
                            ((ClubAnswer.Received) answer).took().toMillis());
                }
                log.info("{} clubs fetched; their answers, the config and the maps are as the last clean run left "
                        + "them: nothing to do. Done in {} ms (exit 0).", answers.length, elapsed().toMillis());
                return ExitCode.OK;
            }
            // Parsing and validation are most of a run's CPU: spread over the cores, logged in club order. A body
            // is let go once parsed: at 5000 clubs they hold hundreds of MB.
            List<Checked> checked = IntStream.range(0, answers.length).parallel().mapToObj(i -> {
                ClubFetch fetch = answers[i].parsed();
                answers[i] = null;
                return new Checked(fetch, fetch instanceof ClubFetch.Fetched f ? validate(f) : null);
            }).toList();
            Map<String, ClubLists> fetched = new HashMap<>();
            List<ClubFetch.Failed> failed = new ArrayList<>();
            for (Checked club : checked) {
                ClubFetch fetch = club.fetch();
                clubFetched.put(fetch.club().prefix(), fetch instanceof ClubFetch.Fetched);
                switch (fetch) {
                    case ClubFetch.Fetched f -> fetched.put(f.club().prefix(), report(f, club.validated()));
                    case ClubFetch.Failed f -> {
                        failed.add(f);
                        log.error("club {}: FAILED ({}): {}; its current entries are kept", f.club(),
                                f.kind().name().toLowerCase(Locale.ROOT), f.reason());
                    }
                }
            }
            if (fetched.isEmpty()) {
                ExitCode code = allFailedCode(failed);
                log.error("no club could be fetched: no file touched (exit {})", code.code());
                return code;
            }

            List<DesiredMap> desired = renderer.render(config.clubs(), fetched);
            Map<Path, CurrentMap> current;
            try {
                current = desired.parallelStream().collect(Collectors.toConcurrentMap(map -> map.file().path(), map -> {
                    try {
                        return store.read(map.file(), map.entries());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + map.file() + ": " + e.getMessage(), e);
                    }
                }));
            } catch (UncheckedIOException e) {
                log.error("{}", e.getMessage());
                return ExitCode.CANNOT_WRITE;
            }
            plan = new Planner(config.maxRemovedPercent()).plan(config.clubs(), fetched, desired, current);
            plan.files().stream().filter(f -> !f.needsWrite())
                    .forEach(f -> log.debug("{}: in sync ({} keys)", f.file(), f.desired().size()));
            warnAboutOversizedLists();
            ExitCode fetchCode = failed.isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
            if (!failed.isEmpty()) {
                log.warn("clubs that failed and kept their entries: {}", failed.stream()
                        .map(f -> f.club() + " (" + f.kind().name().toLowerCase(Locale.ROOT) + ")")
                        .collect(Collectors.joining(", ")));
            }

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
                plan.refusals().forEach(refusal -> log.error("REFUSED: {}", refusal.reason()));
                if (!options.force()) {
                    log.error("nothing written. See the plan with --dry-run; if the removal is real, run once with --force");
                    return ExitCode.DATA;
                }
                log.warn("--force: applying the refused plan");
            }
            if (log.isDebugEnabled()) {
                StringWriter text = new StringWriter();
                PlanText.print(plan, new PrintWriter(text));
                text.toString().lines().forEach(line -> log.debug("plan: {}", line));
            }
            ExitCode applyCode = apply();
            ExitCode code = applyCode == ExitCode.OK ? fetchCode : applyCode;
            log.info("{} clubs fetched, {} failed, {} invalid entries dropped; {} Done in {} ms (exit {}).",
                    fetched.size(), failed.size(), dropped, PlanText.summary(plan, !config.reloadCommand().isEmpty()),
                    elapsed().toMillis(), code.code());
            return code;
        }

        /**
         * Postfix refuses to expand an alias to more than virtual_alias_expansion_limit recipients: it
         * answers mail to such a list with 451 4.6.0, so the sender's server retries and finally bounces it.
         * Asked of postconf only when the alias map is about to change.
         */
        private void warnAboutOversizedLists() {
            List<FileChange> aliasFiles = plan.filesToWrite().stream()
                    .filter(f -> f.file().format() == MapFormat.POSTFIX_ALIASES).toList();
            if (aliasFiles.isEmpty()) {
                return;
            }
            Path postconf = config.postmapCommand().resolveSibling("postconf");
            int limit;
            try {
                CommandRunner.Result result = commands.run(List.of(postconf.toString(), "-h", "virtual_alias_expansion_limit"),
                        config.commandLimits().postconf());
                limit = result.exitCode() == 0 ? Integer.parseInt(result.stdout().strip()) : DEFAULT_EXPANSION_LIMIT;
            } catch (IOException | NumberFormatException e) {
                limit = DEFAULT_EXPANSION_LIMIT;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (FileChange file : aliasFiles) {
                for (var alias : file.desired().byKey().entrySet()) {
                    int recipients = Recipients.count(alias.getValue());
                    if (recipients > limit) {
                        log.warn("{} has {} recipients, more than Postfix's virtual_alias_expansion_limit = {}: Postfix "
                                + "refuses mail to it (451 4.6.0 Alias expansion error); raise the limit in main.cf",
                                alias.getKey(), recipients, limit);
                    }
                }
            }
        }

        /** A club's lists with what validation dropped from them. */
        private record Validated(ClubLists lists, List<DroppedEntry> dropped) {}

        /** A club's answer, parsed, and validated if it could be. */
        private record Checked(ClubFetch fetch, Validated validated) {}

        private Validated validate(ClubFetch.Fetched fetch) {
            List<DroppedEntry> dropped = new ArrayList<>();
            return new Validated(ClubLists.validate(fetch.club().prefix(), fetch.lists(), dropped::add), dropped);
        }

        private ClubLists report(ClubFetch.Fetched fetch, Validated validated) {
            validated.dropped().forEach(d -> log.warn("{}", d));
            dropped += validated.dropped().size();
            ClubLists lists = validated.lists();
            log.info("club {}: fetched {} lists, {} whitelisted senders{} in {} ms", fetch.club(), lists.lists().size(),
                    lists.whitelist().size(), validated.dropped().isEmpty() ? ""
                            : ", " + validated.dropped().size() + " invalid entries dropped", fetch.took().toMillis());
            return lists;
        }

        private ExitCode apply() {
            List<FileChange> writes = plan.filesToWrite();
            try {
                store.apply(writes);
            } catch (ApplyException e) {
                log.error("{}", e.getMessage());
                return e.kind() == ApplyException.Kind.WRITE ? ExitCode.CANNOT_WRITE : ExitCode.COMMAND_FAILED;
            }
            applied = true;
            for (FileChange file : writes) {
                log.info("{}: written ({} keys, {} changed)", file.file(), file.desired().size(), file.changes().size());
            }
            if (!plan.needsReload() || config.reloadCommand().isEmpty()) {
                return ExitCode.OK;
            }
            try {
                CommandRunner.Result result = commands.run(config.reloadCommand(), config.commandLimits().reload());
                if (result.exitCode() != 0) {
                    // postfix-script reports to syslog/maillog, not to us: say where to look when it printed nothing.
                    String said = result.output().isEmpty() ? "no output; see the mail log or 'postfix status'"
                            : result.output();
                    log.error("reload command {} failed (exit {}): {}; the new maps are in place and Postfix picks "
                            + "them up as its processes restart", config.reloadCommand(), result.exitCode(), said);
                    return ExitCode.COMMAND_FAILED;
                }
            } catch (CommandRunner.TimeoutException e) {
                log.error("reload command {}: {} (reload_timeout_seconds = {}); the new maps are in place and Postfix "
                        + "picks them up as its processes restart", config.reloadCommand(), e.getMessage(),
                        config.commandLimits().reload().toSeconds());
                return ExitCode.COMMAND_FAILED;
            } catch (IOException e) {
                log.error("cannot run reload_command {}: {}", config.reloadCommand(), e.getMessage());
                return ExitCode.COMMAND_FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.COMMAND_FAILED;
            }
            reloaded = true;
            log.info("Postfix reloaded ({})", String.join(" ", config.reloadCommand()));
            return ExitCode.OK;
        }

        /** Each club's prefix and answer digest; none unless every club answered. */
        private static Optional<List<String>> digests(ClubAnswer[] answers) {
            List<String> digests = new ArrayList<>();
            for (ClubAnswer answer : answers) {
                if (!(answer instanceof ClubAnswer.Received received)) {
                    return Optional.empty();
                }
                digests.add(received.club().prefix() + " " + received.digest());
            }
            return Optional.of(digests);
        }

        /** This run's fingerprint (see SyncFingerprint); none unless every club answered. */
        Optional<String> fingerprint() {
            if (digests.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(SyncFingerprint.of(config.file(), digests.get(), store.describeOnDisk(files)));
            } catch (IOException e) {
                log.debug("no fingerprint for this run: {}", e.getMessage());
                return Optional.empty();
            }
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        void writeMetrics(Path file, ExitCode code) {
            Map<String, Integer> keys = new HashMap<>();
            long recipients = 0;
            int changed = 0;
            for (FileChange change : plan.files()) {
                keys.put(change.file().name(), change.desired().size());
                if (change.file().format() == MapFormat.POSTFIX_ALIASES) {
                    for (String value : change.desired().byKey().values()) {
                        recipients += Recipients.count(value);
                    }
                }
                changed += applied ? change.changes().size() : 0;
            }
            Optional<RunSummary.MapTotals> maps = plan.files().isEmpty() ? Optional.empty()
                    : Optional.of(new RunSummary.MapTotals(keys, recipients, dropped));
            RunSummary summary = new RunSummary(started, elapsed(), code, clubFetched, maps, changed,
                    applied ? plan.filesToWrite().size() : 0, reloaded);
            try {
                MetricsFile.write(file, summary);
            } catch (IOException e) {
                log.warn("cannot write metrics_file {}: {}", file, e.getMessage());
            }
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
