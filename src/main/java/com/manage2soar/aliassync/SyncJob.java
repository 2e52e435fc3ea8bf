package com.manage2soar.aliassync;

import com.manage2soar.aliassync.api.ClubAnswer;
import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.apply.MapStore;
import com.manage2soar.aliassync.apply.Postfix;
import com.manage2soar.aliassync.apply.RunLock;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.MetricsFile;
import com.manage2soar.aliassync.report.RunHistory;
import com.manage2soar.aliassync.report.RunReport;
import com.manage2soar.aliassync.state.RunState;
import com.manage2soar.aliassync.state.StateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: lock, load the state, run the stages ({@link SyncRun}), then decide the exit code from the
 * report, save the state and write the metrics.
 */
public final class SyncJob {
    private static final Logger log = LoggerFactory.getLogger(SyncJob.class);

    public record Options(boolean dryRun, boolean detailedExitCode, boolean force) {
        /** A plain run: no option given. */
        public static final Options NONE = new Options(false, false, false);

        public Options withDryRun(boolean dryRun) {
            return new Options(dryRun, detailedExitCode, force);
        }

        public Options withDetailedExitCode(boolean detailedExitCode) {
            return new Options(dryRun, detailedExitCode, force);
        }

        public Options withForce(boolean force) {
            return new Options(dryRun, detailedExitCode, force);
        }
    }

    /**
     * While a run may still end as the last clean run did, it keeps the clubs' answers whole up to this many bytes
     * (a few hundred clubs of 8 lists of 500), and past it only their digests (see {@link SyncRun#arrived}).
     */
    static final long KEEP_WHOLE_BYTES = 64L << 20;

    private final SyncConfig config;
    private final ClubFetcher fetcher;
    private final long keepWholeBytes;
    private final Postfix postfix;
    private final MapStore store;
    private final StateFile stateFile;

    public SyncJob(SyncConfig config, ClubFetcher fetcher, CommandRunner commands) {
        this(config, fetcher, commands, KEEP_WHOLE_BYTES);
    }

    SyncJob(SyncConfig config, ClubFetcher fetcher, CommandRunner commands, long keepWholeBytes) {
        this.config = config;
        this.fetcher = fetcher;
        this.keepWholeBytes = keepWholeBytes;
        this.postfix = new Postfix(config, commands);
        this.store = new MapStore(config.mapType(), postfix);
        this.stateFile = new StateFile(config.stateDir(), config.file());
    }

    @SuppressWarnings("try") // the lock is held for the block's duration, not used in it
    public ExitCode run(Options options, PrintWriter out) {
        Instant started = Instant.now();
        if (options.dryRun()) {
            // Reads only: no lock, so an admin can look while cron runs; and no shortcut, it shows the whole plan.
            RunState state = stateFile.load();
            SyncRun run = new SyncRun(config, options, out, store, postfix, state, fetcher, keepWholeBytes);
            RunReport report = run.report(run.fetch(), Optional.empty());
            return decide(report, options);
        }
        Optional<RunLock> lock;
        try {
            lock = RunLock.tryAcquire(config.lockFile());
        } catch (ApplyException e) {
            log.error("lock_file: {}", e.getMessage());
            RunReport report = RunReport.stopped(started, Duration.ZERO, false, RunReport.Stop.CANNOT_WRITE, List.of());
            ExitCode code = decide(report, options);
            // No lock, so no state saved; but monitoring must see this exit code, or the last run's would stand.
            RunState state = stateFile.load();
            config.metricsFile().ifPresent(file -> writeMetrics(file, report, code, state.history().after(report, code),
                    state.reloadPending(), options.force()));
            return code;
        }
        if (lock.isEmpty()) {
            log.warn("another run holds {}: nothing done", config.lockFile());
            return decide(RunReport.stopped(started, Duration.ZERO, false, RunReport.Stop.LOCK_HELD, List.of()), options);
        }
        try (RunLock held = lock.get()) {
            return runLocked(options, out);
        }
    }

    private ExitCode runLocked(Options options, PrintWriter out) {
        RunState before = stateFile.load();
        SyncRun run = new SyncRun(config, options, out, store, postfix, before, fetcher, keepWholeBytes);
        ClubAnswer[] answers = run.fetch();
        Optional<SequencedMap<String, String>> digests = digests(answers);
        RunReport report = run.report(answers, digests);
        ExitCode code = decide(report, options);
        RunHistory history = before.history().after(report, code);
        RunState state = after(run, before, report, code, digests, history);
        save(state);
        config.metricsFile().ifPresent(file -> writeMetrics(file, report, code, history, state.reloadPending(),
                options.force()));
        return code;
    }

    private ExitCode decide(RunReport report, Options options) {
        ExitCode code = ExitCode.of(report, options.detailedExitCode(), options.force());
        RunLog.summary(report, code, !config.reloadCommand().isEmpty());
        return code;
    }

    /** The state this run leaves: what it changed on disk, what it owes, what monitoring counts. */
    private RunState after(SyncRun run, RunState before, RunReport report, ExitCode code,
            Optional<SequencedMap<String, String>> digests, RunHistory history) {
        boolean clean = code == ExitCode.OK && !report.unchanged();
        Optional<String> cleanRun = clean ? digests.flatMap(run::fingerprint) : before.cleanRun();
        Map<String, String> cleanAnswers = clean ? digests.<Map<String, String>>map(Map::copyOf).orElse(Map.of())
                : before.cleanAnswers();
        boolean reloadPending = switch (report.applied().reload()) {
            case DONE -> false;
            case FAILED -> true;
            // Still owed when this run stopped before its reload; with no reload command, nothing can be owed.
            case NOT_RUN -> before.reloadPending() && !config.reloadCommand().isEmpty();
        };
        Map<Path, String> owned = report.unchanged() ? before.ownedFiles() : owned(before, report);
        return new RunState(Optional.of(config.file()), cleanRun, cleanAnswers, reloadPending, owned, history);
    }

    /** The files the job wrote and still keeps: those of the config that exist, and any still to remove. */
    private Map<Path, String> owned(RunState before, RunReport report) {
        Map<Path, String> owned = new HashMap<>(before.ownedFiles());
        report.applied().removed().forEach(file -> owned.remove(file.path()));
        for (MapFile file : SyncRun.files(config)) {
            if (Files.exists(file.path())) {
                owned.put(file.path(), file.scope() instanceof MapScope.OneClub(String prefix) ? prefix : RunState.SHARED);
            }
        }
        owned.keySet().removeIf(path -> !Files.exists(path));
        return owned;
    }

    private void save(RunState state) {
        try {
            stateFile.save(state);
        } catch (ApplyException e) {
            if (state.reloadPending()) {
                log.error("{}: the reload this run owes is not on record; run the reload command by hand", e.getMessage());
            } else {
                log.warn("{}: the next run does the whole work again", e.getMessage());
            }
        }
    }

    /** Each club's answer digest by prefix, in the config's order; none unless every club answered. */
    private static Optional<SequencedMap<String, String>> digests(ClubAnswer[] answers) {
        SequencedMap<String, String> digests = new LinkedHashMap<>();
        for (ClubAnswer answer : answers) {
            if (!(answer instanceof ClubAnswer.Received received)) {
                return Optional.empty();
            }
            digests.put(received.club().prefix(), received.digest());
        }
        return Optional.of(digests);
    }

    private static void writeMetrics(Path file, RunReport report, ExitCode code, RunHistory history,
            boolean reloadPending, boolean forced) {
        try {
            MetricsFile.write(file, report, code, history, reloadPending, forced);
        } catch (IOException e) {
            log.warn("cannot write metrics_file {}: {}", file, e.getMessage());
        }
    }
}
