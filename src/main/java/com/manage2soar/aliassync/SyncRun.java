package com.manage2soar.aliassync;

import com.manage2soar.aliassync.api.ClubAnswer;
import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.apply.MapStore;
import com.manage2soar.aliassync.apply.Postfix;
import com.manage2soar.aliassync.apply.SyncFingerprint;
import com.manage2soar.aliassync.config.ClubSource;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.DroppedEntry;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.model.MergedList;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.Plan;
import com.manage2soar.aliassync.plan.PlanText;
import com.manage2soar.aliassync.plan.Planner;
import com.manage2soar.aliassync.render.ClubEntries;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.Renderer;
import com.manage2soar.aliassync.report.Applied;
import com.manage2soar.aliassync.report.ClubResult;
import com.manage2soar.aliassync.report.Reporter;
import com.manage2soar.aliassync.report.RunReport;
import com.manage2soar.aliassync.state.RunState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of one run, each returning a value for the next: the clubs' answers, validated (each a
 * {@link ClubAnswer.Outcome}), planned (a {@link Plan}), applied (an {@link Applied}); gathered into one
 * {@link RunReport}. A dry run stops after printing the plan.
 */
final class SyncRun {
    private static final Logger log = LoggerFactory.getLogger(SyncRun.class);
    /** After answers this large (some 100 clubs of 8 lists of 500) the heap is collected before the plan. */
    private static final long COLLECT_AFTER_BYTES = 16L << 20;

    private final SyncConfig config;
    private final SyncJob.Options options;
    private final PrintWriter out;
    private final MapStore store;
    private final Postfix postfix;
    private final RunState state;
    private final Instant started = Instant.now();
    private final long start = System.nanoTime();
    private final Renderer renderer;
    private final boolean bounceAliases;
    private final ClubFetcher fetcher;
    private final long keepWholeBytes;
    /** The fetch's deadline, which a second fetch of some clubs keeps (see {@link #fetchAgain}). */
    private long deadline;
    /** The answers taken on as they arrived, by the clubs' index (see {@link #arrived}). */
    private final Checked[] arrived;
    /** The answers of which only the digest was kept, by the clubs' index (see {@link #arrived}). */
    private final boolean[] letGo;
    private final AtomicLong keptWhole = new AtomicLong();
    /** Once true, this run cannot end as the last clean run did: each answer is taken on as it arrives. */
    private volatile boolean changing;

    /** {@code keepWholeBytes}: see {@link #arrived}. */
    SyncRun(SyncConfig config, SyncJob.Options options, PrintWriter out, MapStore store, Postfix postfix,
            RunState state, ClubFetcher fetcher, long keepWholeBytes) {
        this.config = config;
        this.options = options;
        this.out = out;
        this.store = store;
        this.postfix = postfix;
        this.state = state;
        this.renderer = new Renderer(config.render());
        this.bounceAliases = config.render().adminEmail().isPresent();
        this.fetcher = fetcher;
        this.keepWholeBytes = keepWholeBytes;
        this.arrived = new Checked[config.sources().size()];
        this.letGo = new boolean[config.sources().size()];
        // A dry run shows the whole plan, and without a clean run (or with a reload owed) there is no shortcut.
        this.changing = options.dryRun() || state.cleanRun().isEmpty() || state.reloadPending();
    }

    /** Every file the config makes the job write. */
    static List<MapFile> files(SyncConfig config) {
        return new Renderer(config.render()).files(config.clubs());
    }

    /** Every club's answer, in the config's order, each as {@link #arrived} kept it. */
    ClubAnswer[] fetch() {
        deadline = fetcher.deadline();
        return fetcher.fetchAll(config.sources(), this::arrived, deadline).toArray(ClubAnswer[]::new);
    }

    /**
     * Given each club's answer as the fetch gets it (any thread), returns what the fetch keeps of it. Until an answer
     * differs from the last clean run's, the run may still end as that run did, without parsing a byte, and the
     * answer is kept whole, up to {@code keepWholeBytes} in all; past that, only its digest, so that a run of
     * thousands of clubs that changes nothing does not hold every body (if it does change something after all, those
     * clubs are fetched again: see {@link #fetchAgain}). Once an answer differs, the run cannot end as the last did:
     * from then on each answer is validated and rendered as it arrives, and only its digest kept, so a large change
     * never holds every club's body at once, and validating overlaps fetching.
     */
    ClubAnswer arrived(int index, ClubAnswer answer) {
        if (!(answer instanceof ClubAnswer.Received received)) {
            return answer;
        }
        if (!changing && !received.digest().equals(state.cleanAnswers().get(received.club().prefix()))) {
            changing = true;
            log.debug("club {}: its answer differs from the last clean run's: answers are validated as they arrive",
                    received.club());
        }
        if (!changing && keptWhole.addAndGet(received.body().length) <= keepWholeBytes) {
            return answer;
        }
        if (!changing) {
            letGo[index] = true;
        } else {
            arrived[index] = checked(received.validated(bounceAliases), renderer);
        }
        return new ClubAnswer.Received(received.club(), new byte[0], received.digest(), received.took());
    }

    /**
     * Fetches again, within the first fetch's deadline, the clubs whose answers were let go (see {@link #arrived}),
     * now that the run does the whole work: each answer is taken on as it arrives. A club that fails now keeps its
     * current entries, as any club that fails.
     */
    private void fetchAgain(ClubAnswer[] answers) {
        changing = true;
        int[] again = IntStream.range(0, answers.length).filter(i -> letGo[i]).toArray();
        if (again.length == 0) {
            return;
        }
        log.info("this run changes something after all: fetching again the {} clubs whose answers were as in the last "
                + "clean run (past the first {} MB, only their checksums were kept)", again.length, keepWholeBytes >> 20);
        List<ClubSource> sources = Arrays.stream(again).mapToObj(config.sources()::get).toList();
        List<ClubAnswer> answered = fetcher.fetchAll(sources, (i, answer) -> arrived(again[i], answer), deadline);
        for (int i = 0; i < again.length; i++) {
            answers[again[i]] = answered.get(i);
        }
    }

    /** {@code digests}: each club's answer digest when every club answered (see {@link SyncFingerprint}). */
    RunReport report(ClubAnswer[] answers, Optional<SequencedMap<String, String>> digests) {
        if (!options.dryRun() && !recover()) {
            return RunReport.stopped(started, elapsed(), false, RunReport.Stop.CANNOT_WRITE, answered(answers));
        }
        if (state.cleanRun().isPresent() && !state.reloadPending()
                && digests.flatMap(this::fingerprint).equals(state.cleanRun())) {
            return report(answered(answers), true, Plan.EMPTY, Applied.NOTHING);
        }
        fetchAgain(answers);
        long received = Arrays.stream(answers)
                .mapToLong(answer -> answer instanceof ClubAnswer.Received body ? body.body().length : 0).sum();
        List<Checked> checked = check(answers);
        if (received > COLLECT_AFTER_BYTES) {
            // The serial GC has promoted the bodies and much of what validating them left, and it does not collect
            // a heap that can still grow: the plan, the largest stage, would grow it by as much again. Smaller
            // runs are not worth the pause.
            System.gc();
        }
        List<ClubResult> clubs = checked.stream().map(club -> {
            club.log().run();
            return club.result();
        }).toList();
        Map<String, ClubEntries> entries = new HashMap<>();
        checked.forEach(club -> club.entries().ifPresent(e -> entries.put(club.result().club(), e)));
        if (entries.isEmpty()) {
            return report(clubs, false, Plan.EMPTY, options.dryRun() ? Applied.NOTHING : apply(Plan.EMPTY));
        }
        Optional<Plan> plan = plan(entries);
        if (plan.isEmpty()) {
            return RunReport.stopped(started, elapsed(), options.dryRun(), RunReport.Stop.CANNOT_WRITE, clubs);
        }
        if (options.dryRun()) {
            PlanText.print(plan.get(), !config.reloadCommand().isEmpty(), out);
            if (state.reloadPending()) {
                out.println("An earlier run changed the maps and its reload failed: the next run reloads Postfix.");
                out.flush();
            }
            return report(clubs, false, plan.get(), Applied.NOTHING);
        }
        return report(clubs, false, plan.get(), apply(plan.get()));
    }

    private RunReport report(List<ClubResult> clubs, boolean unchanged, Plan plan, Applied applied) {
        return new RunReport(started, elapsed(), options.dryRun(), Optional.empty(), clubs, unchanged, plan,
                state.reloadPending(), applied);
    }

    /** Finishes what a killed run left half-done; false (logged) when that cannot be done. */
    private boolean recover() {
        try {
            store.recover(files(config));
            return true;
        } catch (ApplyException e) {
            log.error("{}", e.getMessage());
            return false;
        }
    }

    /** This run's fingerprint (see SyncFingerprint) for the answers' {@code digests} and the maps as they are. */
    Optional<String> fingerprint(SequencedMap<String, String> digests) {
        try {
            return Optional.of(SyncFingerprint.of(config.file(), digests, store.describeOnDisk(files(config))));
        } catch (IOException e) {
            log.debug("no fingerprint for this run: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Each club as the fetch left it, before parsing. */
    private static List<ClubResult> answered(ClubAnswer[] answers) {
        return Arrays.stream(answers).map(answer -> new ClubResult(answer.club().prefix(),
                answer instanceof ClubAnswer.Failed failed ? Optional.of(failed) : Optional.empty(), 0, 0)).toList();
    }

    /**
     * A club's answer once validated and rendered: what the run reports of it, its share of the maps if it was
     * fetched, and its log lines, which wait for the clubs' order.
     */
    private record Checked(ClubResult result, Optional<ClubEntries> entries, Runnable log) {}

    /**
     * Parsing, validation and rendering are most of a run's CPU: spread over the cores, logged in club order. A
     * body is let go once parsed, and a club's lists once rendered: the bodies and lists of a large run are
     * several times the maps it writes.
     */
    private List<Checked> check(ClubAnswer[] answers) {
        return IntStream.range(0, answers.length).boxed().parallel().map(Reporter.carried(i -> {
            ClubAnswer answer = answers[i];
            answers[i] = null;
            // Only an answer the fetch kept was taken on: one past the deadline is a failure, whatever its thread did.
            return answer instanceof ClubAnswer.Received && arrived[i] != null ? arrived[i]
                    : checked(answer.validated(bounceAliases), renderer);
        })).toList();
    }

    private static Checked checked(ClubAnswer.Outcome outcome, Renderer renderer) {
        return switch (outcome) {
            case ClubAnswer.Validated validated -> {
                // The log line holds what it says of the club, not the club's lists.
                Club club = validated.club();
                List<DroppedEntry> dropped = validated.dropped();
                List<MergedList> merges = validated.lists().merges();
                Duration took = validated.took();
                ClubEntries entries = renderer.club(club, validated.lists());
                yield new Checked(new ClubResult(club.prefix(), Optional.empty(), dropped.size(),
                        validated.lists().droppedLists()), Optional.of(entries), () -> {
                            dropped.forEach(d -> log.warn("{}", d));
                            merges.forEach(merge -> log.warn("{}", merge));
                            log.info("club {}: fetched {} lists, {} whitelisted senders{} in {} ms", club, entries.lists(),
                                    entries.senders().size(), dropped.isEmpty() ? ""
                                            : ", " + dropped.size() + " invalid entries dropped", took.toMillis());
                        });
            }
            case ClubAnswer.Failed failed -> new Checked(new ClubResult(failed.club().prefix(), Optional.of(failed), 0, 0),
                    Optional.empty(), () -> log.error("club {}: FAILED ({}): {}; its current entries are kept",
                            failed.club(), failed.kind().name().toLowerCase(Locale.ROOT), failed.reason()));
        };
    }

    /** The plan, or empty (logged) when a current map cannot be read. */
    private Optional<Plan> plan(Map<String, ClubEntries> fetched) {
        List<DesiredMap> desired = renderer.maps(config.clubs(), fetched);
        Plan plan;
        try {
            plan = new Planner(config.safety()).plan(config.clubs(), fetched, desired,
                    Reporter.carried(store::read)::apply, orphans(desired), options.force());
        } catch (UncheckedIOException e) {
            log.error("{}", e.getMessage());
            return Optional.empty();
        }
        plan.files().stream().filter(f -> !f.needsWrite())
                .forEach(f -> log.debug("{}: in sync ({} keys)", f.file(), f.desired().size()));
        postfix.warnAboutOversizedLists(plan);
        return Optional.of(plan);
    }

    /**
     * The files this job wrote for clubs no longer in the config. Only a club's own file (its Rspamd map)
     * qualifies: a shared map may still be named in main.cf, and Postfix fails on a missing table.
     */
    private List<MapFile> orphans(List<DesiredMap> desired) {
        Set<String> prefixes = new HashSet<>();
        config.clubs().forEach(club -> prefixes.add(club.prefix()));
        Set<Path> wanted = new HashSet<>();
        desired.forEach(map -> wanted.add(map.file().path()));
        return state.ownedFiles().entrySet().stream()
                .filter(file -> !file.getValue().equals(RunState.SHARED) && !prefixes.contains(file.getValue()))
                .filter(file -> !wanted.contains(file.getKey()) && Files.exists(file.getKey()))
                .map(file -> new MapFile(file.getKey(), MapFormat.RSPAMD_LIST, new MapScope.OneClub(file.getValue())))
                .sorted(Comparator.comparing(MapFile::path)).toList();
    }

    /** Carries the plan out: refused clubs are already left out of it; a blocked plan writes nothing. */
    private Applied apply(Plan plan) {
        boolean blocked = plan.blocked() && !options.force();
        logRefusals(plan, blocked);
        List<FileChange> writes = blocked ? List.of() : plan.filesToWrite();
        List<MapFile> removals = blocked ? List.of() : plan.removals();
        boolean reload = !config.reloadCommand().isEmpty() && (state.reloadPending() || !blocked && plan.needsReload());
        if (!writes.isEmpty()) {
            logPlan(plan);
        }
        try {
            store.apply(writes);
        } catch (ApplyException e) {
            log.error("{}", e.getMessage());
            return new Applied(List.of(), List.of(), Applied.Reload.NOT_RUN, Optional.of(e.kind()));
        }
        writes.forEach(f -> log.info("{}: written ({} keys, {} changed)", f.file(), f.desired().size(), f.changes().size()));
        Optional<ApplyException.Kind> removeFailure = remove(removals);
        Applied.Reload reloaded = !reload ? Applied.Reload.NOT_RUN
                : postfix.reload(state.reloadPending()) ? Applied.Reload.DONE : Applied.Reload.FAILED;
        return new Applied(writes, removeFailure.isEmpty() ? removals : List.of(), reloaded, removeFailure);
    }

    private Optional<ApplyException.Kind> remove(List<MapFile> removals) {
        try {
            store.remove(removals);
        } catch (ApplyException e) {
            log.error("{}", e.getMessage());
            return Optional.of(e.kind());
        }
        removals.forEach(file -> log.info("{}: removed (its club is no longer in the config)", file));
        return Optional.empty();
    }

    private void logRefusals(Plan plan, boolean blocked) {
        plan.refusals().forEach(refusal -> log.error("REFUSED: {}", refusal.reason()));
        if (!plan.refused()) {
            return;
        }
        if (options.force()) {
            log.warn("--force: applying what the safety checks refused");
        } else {
            log.error("{}. See the plan with --dry-run; if the removal is real, run once with --force",
                    blocked ? "Nothing written" : "The other clubs are applied");
        }
    }

    private void logPlan(Plan plan) {
        if (log.isDebugEnabled()) {
            StringWriter text = new StringWriter();
            PlanText.print(plan, !config.reloadCommand().isEmpty(), new PrintWriter(text));
            text.toString().lines().forEach(line -> log.debug("plan: {}", line));
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
