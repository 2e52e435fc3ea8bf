package com.manage2soar.aliassync;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.plan.MapParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, proven on the packaged launcher: hundreds of runs of a large apply (every map changes)
 * are SIGKILLed at points spread over the whole run, weighted towards the apply. After each kill, once
 * any orphaned postmap has finished, every map must be the complete old or the complete new version,
 * text and Postfix index ({@code postmap -s}) alike, and the two must agree unless the commit marker
 * {@code .NAME.m2s-commit} says the run died between its renames. Some killed states then get a dry run
 * (it must plan exactly what is left to do) and a complete run (it must finish the job and leave no temp
 * file). Each kill starts from the old maps again, with the temp files of the kill before left in place.
 *
 * <p>Kill points follow what the job does, seen through inotify: every file the apply creates or renames
 * into place (temp text, postmap's files, commit marker, index, text) is an event, and the points are
 * spread evenly over the gaps between consecutive events (each gap is one state of the files on disk),
 * a fraction of a gap being a fraction of its length in calibration runs; a tenth of the points lie
 * between the launch and the first event. Every other kill takes the job's children (postmap, the reload
 * command) with it, as systemd does when it stops the service; the others kill the JVM alone and leave
 * them to finish, as {@code kill -9 PID} does.
 */
class CrashSafetyIT {
    /** 34 maps, 80 file events per apply: hundreds of kills fit in a few minutes, as the JVM's start dominates. */
    static final int CLUBS = 30;
    static final int KILLS = Integer.getInteger("crash.kills", 300);
    static final Path POSTMAP = SyncIntegrationTest.POSTMAP;
    static final int SIGKILLED = 128 + 9;

    /** The two versions of the API data and so of every map: the maps start at OLD, every run goes to NEW. */
    enum Version { OLD, NEW }

    /**
     * Where a kill point lies: before the first file event (JVM start, fetch, plan), among the temp files and
     * postmap, among the commit markers and renames, or after the last rename (reload, exit).
     */
    enum Phase { STARTUP, PREPARE, COMMIT, FINISH }

    /** The maps after a kill: all old, some replaced, all new, or a commit caught between its renames. */
    enum Seen { ALL_OLD, MIXED, ALL_NEW, MARKER }

    /** Kill {@code delayNanos} after the job's {@code afterEvents}-th file event (after its launch when 0). */
    record KillPoint(Phase phase, int afterEvents, long delayNanos, boolean wholeTree) {}

    /** A complete run: the files it created or renamed into place, in order, when (from the launch), and its exit. */
    record Timeline(List<String> events, List<Long> at, long exit) {
        int firstMarker() {
            return events.indexOf(events.stream().filter(e -> e.endsWith(".m2s-commit")).findFirst().orElseThrow());
        }
    }

    /** One map and its two complete versions, as entries: what postmap and the job read. */
    record MapVersions(Path text, MapFormat format, Map<Version, MapEntries> entries) {
        boolean indexed() {
            return format.isPostfix();
        }

        Path index() {
            return Path.of(text + ".db");
        }

        Path marker() {
            return text.resolveSibling("." + text.getFileName() + ".m2s-commit");
        }
    }

    /** A map as found: which version its text, its index and its commit marker hold (empty: none or neither). */
    record Found(MapVersions map, Optional<Version> text, Optional<Version> index, Optional<Version> marker) {
        /** The version once a pending commit is finished: a marker is the complete new text. */
        Optional<Version> effective() {
            return marker.or(() -> text);
        }
    }

    record Observed(List<Found> maps, List<String> violations, Set<String> leftovers) {
        Seen seen() {
            if (maps.stream().anyMatch(m -> m.marker().isPresent())) {
                return Seen.MARKER;
            }
            if (notAt(Version.OLD).isEmpty()) {
                return Seen.ALL_OLD;
            }
            return notAt(Version.NEW).isEmpty() ? Seen.ALL_NEW : Seen.MIXED;
        }

        Set<Path> notAt(Version version) {
            return maps.stream().filter(m -> !m.effective().equals(Optional.of(version))).map(m -> m.map().text())
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        long markers() {
            return maps.stream().filter(m -> m.marker().isPresent()).count();
        }
    }

    /** A killed (or finished) run: its exit code, and whether postmap was running when it died. */
    record Killed(int exitCode, boolean duringPostmap) {}

    @TempDir
    Path dir;

    Path out;
    List<MapVersions> maps;
    Map<Path, Path> oldFiles;
    final Tally tally = new Tally();

    @Test
    void aKillAtAnyPointLeavesEveryMapCompleteAndConsistentAndTheNextRunFinishes() throws Exception {
        assertTrue(Files.isExecutable(ImageIT.LAUNCHER), "no " + ImageIT.LAUNCHER + ": run ./mvnw package first");
        assertTrue(Files.isExecutable(POSTMAP), "postmap missing: apt-get install postfix");
        long started = System.nanoTime();
        setUp();
        Timeline timeline = calibrate();
        List<KillPoint> points = killPoints(timeline);

        for (int i = 0; i < points.size(); i++) {
            KillPoint point = points.get(i);
            String where = "kill %d of %d (%s: %.2f ms after %s%s)".formatted(i + 1, points.size(), point.phase(),
                    point.delayNanos() / 1e6, point.afterEvents() == 0 ? "the launch" : "file event " + point.afterEvents(),
                    point.wholeTree() ? ", with its children" : "");
            restoreOldMaps();
            tally.startedOnLeftovers += leftovers().isEmpty() ? 0 : 1;
            Killed killed = runAndKill(point);
            if (killed.exitCode() != SIGKILLED) {
                assertEquals(0, killed.exitCode(), where + ": the run ended before the kill, but failed: " + stderr());
                tally.endedBeforeKill++;
            }
            tally.killed(point, killed);
            Observed after = check(where);
            tally.seen(point.phase(), after.seen());
            if (after.seen() == Seen.MARKER || i % 20 == 10) {
                dryRunPlansWhatIsLeft(where, after);
                runToCompletion(where, after);
            }
        }

        String summary = tally.summary(timeline, points, maps, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        System.out.println(summary);
        Files.writeString(Path.of("target/crash-safety-summary.txt"), summary + "\n");
        // The proof is only as good as where the kills landed: many must hit the middle of the apply.
        assertTrue(tally.count(Seen.MIXED) + tally.count(Seen.MARKER) >= KILLS / 10,
                "too few kills landed between the first and the last rename:\n" + summary);
        assertTrue(tally.count(Seen.ALL_OLD) >= KILLS / 10, "too few kills landed before the commit:\n" + summary);
        assertTrue(tally.postmapKills() >= KILLS / 60, "too few kills landed while postmap ran:\n" + summary);
    }

    // ---------------------------------------------------------------- set-up: data, config, both versions

    void setUp() throws Exception {
        out = dir.resolve("out");
        Files.createDirectories(out.resolve("postfix"));
        Files.createDirectories(out.resolve("rspamd"));
        script("postmap", "exec " + POSTMAP + " -c " + SyncIntegrationTest.postfixConfig() + " \"$@\"");
        script("reload", "echo reload >> " + dir.resolve("reload.calls"));
        for (Version version : Version.values()) {
            Path api = Files.createDirectories(dir.resolve("api-" + version));
            for (int club = 0; club < CLUBS; club++) {
                Files.writeString(api.resolve(prefix(club) + ".json"), clubJson(club, version));
            }
        }
        writeConfig();

        Map<Version, Map<Path, MapEntries>> entries = new EnumMap<>(Version.class);
        for (Version version : List.of(Version.NEW, Version.OLD)) {
            useData(version);
            assertEquals(0, launch().waitFor(), "a complete run on the " + version + " data failed: " + stderr());
            entries.put(version, readAll());
        }
        assertEquals(entries.get(Version.OLD).keySet(), entries.get(Version.NEW).keySet());
        maps = new ArrayList<>();
        oldFiles = new TreeMap<>();
        for (Path text : entries.get(Version.OLD).keySet()) {
            Map<Version, MapEntries> both = new EnumMap<>(Version.class);
            both.put(Version.OLD, entries.get(Version.OLD).get(text));
            both.put(Version.NEW, entries.get(Version.NEW).get(text));
            assertNotEquals(both.get(Version.OLD), both.get(Version.NEW), text + " must differ between the versions");
            MapVersions map = new MapVersions(text, format(text), both);
            maps.add(map);
            keepOld(text);
            if (map.indexed()) {
                keepOld(map.index());
            }
        }
        assertEquals(CLUBS + 4, maps.size(), "3 Postfix maps, a whitelist per club and bypass_lists.map");
        useData(Version.NEW);
    }

    void useData(Version version) throws IOException {
        Files.deleteIfExists(dir.resolve("api"));
        Files.createSymbolicLink(dir.resolve("api"), dir.resolve("api-" + version));
    }

    /**
     * Club i has 100 to 300 members in 6 lists. From OLD to NEW every map changes: one member is
     * replaced, the lists rotate, a list "news" is added and "board" becomes a bypass list.
     */
    static String clubJson(int club, Version version) {
        boolean isNew = version == Version.NEW;
        int size = 100 + club * 37 % 201;
        List<String> members = new ArrayList<>();
        for (int j = 0; j < size; j++) {
            members.add(isNew && j == club % size ? "m" + club + "x" + j + "n@mail9.example.net"
                    : "m" + club + "x" + j + "@mail" + j % 7 + ".example.net");
        }
        Map<String, List<String>> lists = new TreeMap<>();
        lists.put("members", members);
        List<String> names = List.of("instructors", "towpilots", "board", "treasurer", "list5");
        for (int k = 0; k < names.size(); k++) {
            int start = ((k + 1) * size / 6 + (isNew ? 1 : 0)) % size;
            List<String> list = new ArrayList<>();
            for (int t = 1; t < size; t++) {
                list.add(members.get((start + t) % size));
            }
            lists.put(names.get(k), list);
        }
        if (isNew) {
            lists.put("news", members.subList(0, 10));
        }
        List<String> whitelist = new ArrayList<>(members);
        whitelist.add("guest" + club + "@partner.example.com");
        return "{\"lists\": {" + lists.entrySet().stream().map(e -> quote(e.getKey()) + ": " + array(e.getValue()))
                .collect(Collectors.joining(", ")) + "}, \"whitelist\": " + array(whitelist)
                + ", \"bypass_lists\": " + array(isNew ? List.of("treasurer", "board") : List.of("treasurer")) + "}";
    }

    static String array(List<String> values) {
        return values.stream().map(CrashSafetyIT::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    static String quote(String s) {
        return '"' + s + '"';
    }

    static String prefix(int club) {
        return "c%04d".formatted(club);
    }

    void script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    /** Every club reads its saved response under {@code api/}, a link to the data of one version. */
    void writeConfig() throws IOException {
        StringBuilder yaml = new StringBuilder("""
                postfix_virtual_file: %1$s/postfix/virtual
                postfix_whitelist_file: %1$s/postfix/sender_whitelist
                postfix_recipient_check_file: %1$s/postfix/recipient_whitelist_check
                rspamd_whitelist_dir: %1$s/rspamd
                admin_email: postmaster@example.org
                map_type: hash
                postmap_command: %2$s/postmap
                reload_command: [%2$s/reload]
                lock_file: %2$s/lock
                state_dir: %2$s/state
                clubs:
                """.formatted(out, dir));
        for (int club = 0; club < CLUBS; club++) {
            yaml.append("  - { prefix: ").append(prefix(club)).append(", domains: [").append(prefix(club))
                    .append(".example.org], api_url: 'file:").append(dir.resolve("api")).append('/')
                    .append(prefix(club)).append(".json' }\n");
        }
        Files.writeString(dir.resolve("config.yml"), yaml);
    }

    static MapFormat format(Path text) {
        if (text.getParent().endsWith("rspamd")) {
            return MapFormat.RSPAMD_LIST;
        }
        return text.endsWith("virtual") ? MapFormat.POSTFIX_ALIASES : MapFormat.POSTFIX_ACCESS;
    }

    /** Every map's entries after a complete run, checking on the way that each index holds what its text says. */
    Map<Path, MapEntries> readAll() throws Exception {
        Map<Path, MapEntries> entries = new TreeMap<>();
        for (Path text : list(out)) {
            if (text.getFileName().toString().endsWith(".db")) {
                continue;
            }
            MapFormat format = format(text);
            MapEntries parsed = parse(format, Files.readString(text));
            if (format.isPostfix()) {
                assertEquals(Optional.of(parsed), dump(format, Path.of(text + ".db")), text + ": index and text differ");
            }
            entries.put(text, parsed);
        }
        return entries;
    }

    static List<Path> list(Path out) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("postfix", "rspamd")) {
            try (Stream<Path> entries = Files.list(out.resolve(sub))) {
                entries.sorted().forEach(files::add);
            }
        }
        return files;
    }

    static MapEntries parse(MapFormat format, String text) throws IOException {
        return MapParser.parse(format, new BufferedReader(new StringReader(text)), warning -> {});
    }

    /** The index as Postfix reads it: {@code postmap -s} dumps every entry; empty when it cannot. */
    static Optional<MapEntries> dump(MapFormat format, Path index) throws Exception {
        String db = index.toString();
        Process p = new ProcessBuilder(POSTMAP.toString(), "-c", SyncIntegrationTest.postfixConfig().toString(), "-s",
                "hash:" + db.substring(0, db.length() - ".db".length())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        MapEntries entries;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            entries = MapParser.parse(format, in, warning -> {});
        }
        return p.waitFor() == 0 ? Optional.of(entries) : Optional.empty();
    }

    /** A hard link to a file of the old maps: the job never writes a map in place, it renames new files over. */
    void keepOld(Path file) throws IOException {
        Path kept = dir.resolve("old").resolve(out.relativize(file));
        Files.createDirectories(kept.getParent());
        Files.createLink(kept, file);
        oldFiles.put(file, kept);
    }

    /** Puts the old maps back (texts and indexes), leaving any temp file of the kill before for the next run. */
    void restoreOldMaps() throws IOException {
        for (var file : oldFiles.entrySet()) {
            Files.deleteIfExists(file.getKey());
            Files.createLink(file.getKey(), file.getValue());
        }
        for (MapVersions map : maps) {
            assertTrue(Files.notExists(map.marker()), map.marker() + " should have been finished by a complete run");
        }
    }

    // ---------------------------------------------------------------- kill points

    /** Two complete runs from the old maps to the new, timed by the files they create. */
    Timeline calibrate() throws Exception {
        List<Timeline> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            restoreOldMaps();
            List<String> events = new ArrayList<>();
            List<Long> at = new ArrayList<>();
            long start = System.nanoTime();
            Process job;
            CompletableFuture<Long> exit;
            try (WatchService watch = watchOutput()) {
                job = launch();
                exit = job.onExit().thenApply(p -> System.nanoTime() - start);
                for (WatchKey key; (key = watch.poll(5, TimeUnit.MILLISECONDS)) != null || job.isAlive(); ) {
                    if (key != null) {
                        long now = System.nanoTime() - start;
                        key.pollEvents().forEach(e -> {
                            events.add(e.context().toString());
                            at.add(now);
                        });
                        key.reset();
                    }
                }
            }
            assertEquals(0, job.exitValue(), "calibration run failed: " + stderr());
            assertTrue(events.stream().anyMatch(e -> e.endsWith(".m2s-commit")), "calibration run: no commit marker seen");
            runs.add(new Timeline(events, at, Math.max(exit.get(), at.getLast())));
        }
        assertEquals(new TreeSet<>(runs.get(0).events()), new TreeSet<>(runs.get(1).events()),
                "two runs of the same apply must create the same files");
        List<Long> at = new ArrayList<>();
        for (int k = 0; k < runs.get(0).at().size(); k++) {
            at.add((runs.get(0).at().get(k) + runs.get(1).at().get(k)) / 2);
        }
        return new Timeline(runs.get(0).events(), at, (runs.get(0).exit() + runs.get(1).exit()) / 2);
    }

    /**
     * A tenth of the kills spread evenly from the launch to the first file event, the rest evenly over the
     * gaps after each event (the last gap ends at the exit); every other kill takes the children along.
     * Shuffled with a fixed seed so that a drift in the machine's load does not line up with a phase.
     */
    List<KillPoint> killPoints(Timeline t) {
        int events = t.events().size();
        int firstMarker = t.firstMarker();
        List<KillPoint> points = new ArrayList<>();
        int startup = KILLS / 10;
        for (int k = 0; k < startup; k++) {
            points.add(new KillPoint(Phase.STARTUP, 0, (long) (t.at().getFirst() * (k + 0.5) / startup), k % 2 == 1));
        }
        int rest = KILLS - startup;
        for (int k = 0; k < rest; k++) {
            double x = (k + 0.5) * events / rest;
            int event = (int) x;
            long gap = (event + 1 < events ? t.at().get(event + 1) : t.exit()) - t.at().get(event);
            Phase phase = event < firstMarker ? Phase.PREPARE : event + 1 < events ? Phase.COMMIT : Phase.FINISH;
            points.add(new KillPoint(phase, event + 1, (long) ((x - event) * gap), k % 2 == 1));
        }
        Collections.shuffle(points, new Random(4711));
        return points;
    }

    // ---------------------------------------------------------------- running and killing

    Process launch(String... options) throws IOException {
        List<String> argv = new ArrayList<>(List.of(ImageIT.LAUNCHER.toString(), "--config", dir.resolve("config.yml").toString()));
        argv.addAll(List.of(options));
        return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
    }

    String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr"));
    }

    /** Starts a run and SIGKILLs it at the point; returns once its orphans have finished too. */
    Killed runAndKill(KillPoint point) throws Exception {
        Process job;
        List<ProcessHandle> children;
        boolean postmap;
        try (WatchService watch = watchOutput()) {
            long start = System.nanoTime();
            job = launch();
            OptionalLong anchor = point.afterEvents() == 0 ? OptionalLong.of(start) : awaitEvents(watch, point.afterEvents(), job);
            if (anchor.isPresent()) {
                long until = anchor.getAsLong() + point.delayNanos();
                for (long left = until - System.nanoTime(); left > 0 && job.isAlive(); left = until - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(left, 100_000));
                }
            }
            children = job.children().toList();
            postmap = children.stream().anyMatch(CrashSafetyIT::isPostmap);
            job.destroyForcibly();
            if (point.wholeTree()) {
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
        int code = job.waitFor();
        postmap |= awaitOrphans();
        return new Killed(code, postmap && code == SIGKILLED);
    }

    /** When the job's {@code count}-th file event is seen; empty if the job exits first. */
    OptionalLong awaitEvents(WatchService watch, int count, Process job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int seen = 0;
        while (System.nanoTime() < deadline) {
            WatchKey key = watch.poll(5, TimeUnit.MILLISECONDS);
            if (key == null) {
                if (!job.isAlive()) {
                    return OptionalLong.empty();
                }
                continue;
            }
            long now = System.nanoTime();
            seen += key.pollEvents().size();
            key.reset();
            if (seen >= count) {
                return OptionalLong.of(now);
            }
        }
        throw new AssertionError("fewer than " + count + " file events within 120 s");
    }

    /** Files created or renamed into place in the output directories from now on (restoring the old maps is past). */
    WatchService watchOutput() throws IOException {
        WatchService watch = dir.getFileSystem().newWatchService();
        out.resolve("postfix").register(watch, ENTRY_CREATE);
        out.resolve("rspamd").register(watch, ENTRY_CREATE);
        return watch;
    }

    /** postmap and the reload command outlive the killed JVM (init adopts them): waits for them; was postmap one? */
    boolean awaitOrphans() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean postmap = false;
        for (List<ProcessHandle> orphans = orphans(); !orphans.isEmpty(); orphans = orphans()) {
            postmap |= orphans.stream().anyMatch(CrashSafetyIT::isPostmap);
            assertTrue(System.nanoTime() < deadline, "a child of the killed job still runs after 60 s: " + orphans);
            Thread.sleep(2);
        }
        return postmap;
    }

    /** Every process working on this test's files, but this one. */
    List<ProcessHandle> orphans() {
        String mark = dir.toString();
        return ProcessHandle.allProcesses().filter(p -> !p.equals(ProcessHandle.current()))
                .filter(p -> p.info().arguments().stream().flatMap(Arrays::stream).anyMatch(a -> a.contains(mark))).toList();
    }

    static boolean isPostmap(ProcessHandle process) {
        return process.info().command().orElse("").endsWith("/postmap");
    }

    // ---------------------------------------------------------------- checks

    /** {@link #observe}, counting what it checked and failing on any inconsistency. */
    Observed check(String where) throws Exception {
        Observed observed = observe();
        tally.mapsChecked += maps.size();
        tally.inconsistencies += observed.violations().size();
        if (!observed.violations().isEmpty()) {
            fail(where + ": " + observed.violations().size() + " inconsistencies:\n  "
                    + String.join("\n  ", observed.violations()) + "\nleftovers: " + observed.leftovers());
        }
        return observed;
    }

    /**
     * Which version each map's text, index and commit marker hold, and every broken rule: a text or index
     * that is neither complete version, an index that disagrees with its text without a marker, a marker
     * that is not the complete new text, or a text replaced while its marker still exists.
     */
    Observed observe() throws Exception {
        List<Found> found = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (MapVersions map : maps) {
            Optional<Version> text = versionOf(map, read(map, map.text()));
            Optional<Version> marker = versionOf(map, read(map, map.marker()));
            Optional<Version> index = map.indexed() ? versionOf(map, dump(map.format(), map.index())) : text;
            if (text.isEmpty()) {
                violations.add(map.text() + ": the text is neither complete version" + (Files.exists(map.text()) ? "" : " (missing)"));
            }
            if (map.indexed() && index.isEmpty()) {
                violations.add(map.index() + ": postmap -s finds neither complete version");
            }
            if (Files.exists(map.marker())) {
                if (!marker.equals(Optional.of(Version.NEW))) {
                    violations.add(map.marker() + ": the commit marker is not the complete new text");
                }
                if (!text.equals(Optional.of(Version.OLD))) {
                    violations.add(map.text() + ": replaced while its commit marker still exists");
                }
            } else if (!index.equals(text)) {
                violations.add(map.text() + ": the text is " + text.orElse(null) + ", its index " + index.orElse(null)
                        + ", and there is no commit marker");
            }
            found.add(new Found(map, text, index, marker));
        }
        return new Observed(found, violations, leftovers());
    }

    /** Every file in the output directories that is neither a map nor its index. */
    Set<String> leftovers() throws IOException {
        Set<String> leftovers = new TreeSet<>();
        for (Path file : list(out)) {
            if (!oldFiles.containsKey(file)) {
                leftovers.add(out.relativize(file).toString());
            }
        }
        return leftovers;
    }

    static Optional<MapEntries> read(MapVersions map, Path file) throws IOException {
        try {
            return Optional.of(parse(map.format(), Files.readString(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static Optional<Version> versionOf(MapVersions map, Optional<MapEntries> entries) {
        return entries.flatMap(e -> Arrays.stream(Version.values()).filter(v -> map.entries().get(v).equals(e)).findFirst());
    }

    /** {@code --dry-run} on what a kill left: it plans exactly the maps not yet new, and touches nothing. */
    void dryRunPlansWhatIsLeft(String where, Observed before) throws Exception {
        tally.dryRuns++;
        Map<Path, String> files = fileTimes();
        int code = launch("--dry-run", "--detailed-exitcode").waitFor();
        Set<Path> pending = before.notAt(Version.NEW);
        assertEquals(pending.isEmpty() ? 0 : 2, code, where + ", then a dry run: " + stderr());
        Set<Path> planned = new TreeSet<>();
        for (String line : Files.readAllLines(dir.resolve("stdout"))) {
            if (line.startsWith("/") && line.contains(": ")) {
                planned.add(Path.of(line.substring(0, line.indexOf(": "))));
            }
        }
        Set<Path> missed = new TreeSet<>(pending);
        missed.removeAll(planned);
        planned.removeAll(pending);
        assertEquals(Set.of(), missed, where + ", then a dry run: it misses maps the next run writes");
        assertEquals(Set.of(), planned, where + ", then a dry run: it plans maps the next run leaves alone");
        assertEquals(files, fileTimes(), where + ", then a dry run: it changed a file");
    }

    Map<Path, String> fileTimes() throws IOException {
        Map<Path, String> files = new TreeMap<>();
        for (Path file : list(out)) {
            files.put(file, Files.getLastModifiedTime(file) + " " + Files.size(file));
        }
        return files;
    }

    /** The next run, not killed: it finishes an interrupted commit, removes every leftover, applies the rest. */
    void runToCompletion(String where, Observed before) throws Exception {
        tally.completions++;
        tally.completionsOnLeftovers += before.leftovers().isEmpty() ? 0 : 1;
        tally.markersFinished += (int) before.markers();
        int reloads = reloads();
        assertEquals(0, launch().waitFor(), where + ", then a complete run: " + stderr());
        Observed after = check(where + ", then a complete run");
        assertEquals(Set.of(), after.notAt(Version.NEW), where + ", then a complete run: maps not new");
        assertEquals(Set.of(), after.leftovers(), where + ", then a complete run: temp files left");
        boolean postfixPending = before.maps().stream()
                .anyMatch(m -> m.map().indexed() && !m.effective().equals(Optional.of(Version.NEW)));
        assertEquals(postfixPending ? 1 : 0, reloads() - reloads, where + ", then a complete run: Postfix reloads");
    }

    int reloads() throws IOException {
        Path calls = dir.resolve("reload.calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** What the kills hit and what was checked: the summary and the closing assertions. */
    static final class Tally {
        final Map<Phase, Map<Seen, Integer>> seen = new EnumMap<>(Phase.class);
        int wholeTreeKills;
        int postmapOrphaned;
        int postmapKilled;
        int endedBeforeKill;
        int startedOnLeftovers;
        int completions;
        int completionsOnLeftovers;
        int markersFinished;
        int dryRuns;
        int mapsChecked;
        int inconsistencies;

        void killed(KillPoint point, Killed killed) {
            wholeTreeKills += point.wholeTree() ? 1 : 0;
            if (killed.duringPostmap()) {
                postmapKilled += point.wholeTree() ? 1 : 0;
                postmapOrphaned += point.wholeTree() ? 0 : 1;
            }
        }

        void seen(Phase phase, Seen state) {
            seen.computeIfAbsent(phase, p -> new EnumMap<>(Seen.class)).merge(state, 1, Integer::sum);
        }

        int count(Seen state) {
            return seen.values().stream().mapToInt(m -> m.getOrDefault(state, 0)).sum();
        }

        int postmapKills() {
            return postmapKilled + postmapOrphaned;
        }

        String summary(Timeline t, List<KillPoint> points, List<MapVersions> maps, long seconds) {
            StringBuilder s = new StringBuilder();
            s.append("CrashSafetyIT: %d SIGKILLed runs in %d s; %d clubs, %d maps (%d with a Postfix index), %d KiB of text%n"
                    .formatted(points.size(), seconds, CLUBS, maps.size(), maps.stream().filter(MapVersions::indexed).count(),
                            maps.stream().mapToLong(m -> m.text().toFile().length()).sum() / 1024));
            s.append("  calibrated run: %d file events from %d ms to %d ms after the launch (first commit marker at %d ms), exit at %d ms%n"
                    .formatted(t.events().size(), ms(t.at().getFirst()), ms(t.at().getLast()), ms(t.at().get(t.firstMarker())),
                            ms(t.exit())));
            for (Phase phase : Phase.values()) {
                List<Long> at = points.stream().filter(p -> p.phase() == phase)
                        .map(p -> (p.afterEvents() == 0 ? 0 : t.at().get(p.afterEvents() - 1)) + p.delayNanos()).sorted().toList();
                s.append("  %-7s %3d kill points at %s ms; maps then: %s%n".formatted(phase, at.size(),
                        at.isEmpty() ? "-" : "%.1f..%.1f".formatted(at.getFirst() / 1e6, at.getLast() / 1e6),
                        seen.getOrDefault(phase, Map.of())));
            }
            s.append("  maps after the kills: all old %d, mixed %d, all new %d, commit marker %d%n"
                    .formatted(count(Seen.ALL_OLD), count(Seen.MIXED), count(Seen.ALL_NEW), count(Seen.MARKER)));
            s.append("  JVM killed alone %d times, with its children %d times; postmap was running %d times (%d orphaned, %d killed)%n"
                    .formatted(points.size() - wholeTreeKills, wholeTreeKills, postmapKills(), postmapOrphaned, postmapKilled));
            s.append("  runs that ended before their kill: %d; that started on a killed run's temp files: %d%n"
                    .formatted(endedBeforeKill, startedOnLeftovers));
            s.append("  complete runs after a kill: %d (%d removed temp files, %d commit markers finished); dry runs checked: %d%n"
                    .formatted(completions, completionsOnLeftovers, markersFinished, dryRuns));
            s.append("  map states checked: %d, inconsistencies found: %d".formatted(mapsChecked, inconsistencies));
            return s.toString();
        }
    }
}
