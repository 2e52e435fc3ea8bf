package com.manage2soar.aliassync.apply;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapType;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.MapParser;
import com.manage2soar.aliassync.plan.MapReader;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.MapText;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the maps on disk and replaces them so that, whenever the process dies, each map is the
 * complete old or the complete new version, its index matching its text.
 *
 * <p>For each file: the new text goes to {@code .NAME.m2s-new} beside it (same owner and mode) and is
 * fsynced; {@code postmap} indexes that. Only when every file is ready does the commit start: the text
 * is renamed to {@code .NAME.m2s-commit} (the marker that its index is complete), the index renamed
 * over {@code NAME.db}, then the text over {@code NAME}. A run killed between those renames leaves the
 * marker, and the next run finishes the commit before it looks at anything (a dry run, which changes
 * nothing, reads the marker as the map); any other leftover is deleted. Postfix reads only the index, so
 * it sees old or new, never a mix. A map that is a symbolic link is written through it ({@link MapLayout}):
 * its text then has a temporary copy of its own in the target's directory, renamed after the index and
 * before the marker goes.
 */
public final class MapStore {
    private static final Logger log = LoggerFactory.getLogger(MapStore.class);
    private static final String KEPT = "the previous map stays in place";

    private final MapType mapType;
    private final Postfix postfix;

    /** {@code postfix} indexes the maps (postmap); reading needs none. */
    public MapStore(MapType mapType, Postfix postfix) {
        this.mapType = mapType;
        this.postfix = postfix;
    }

    /**
     * Reads a map for the plan (see {@link MapReader}), as the next run finds it. A commit marker is the complete
     * new text of a commit that a killed run left half-done; a real run finishes it first ({@link #recover}), so a
     * dry run plans against it too.
     */
    public MapReader.Found read(DesiredMap map, MapParser.Sink entries) {
        MapFile file = map.file();
        try {
            Path commit = layout(file).marker();
            if (Files.exists(commit)) {
                log.warn("{}: a killed run left its commit half-done; the next run finishes it", file);
                try {
                    return read(file, commit, map.entries(), entries);
                } catch (NoSuchFileException e) {
                    // finished meanwhile by a real run: the file itself is now the new text.
                }
            }
            try {
                return read(file, file.path(), map.entries(), entries);
            } catch (NoSuchFileException e) {
                return new MapReader.Found(false, false, false, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unchanged data renders byte-identical text, so a map that spells exactly the desired entries holds
     * them: the common no-change run compares its files instead of parsing them, and a file of another size
     * than the desired text is not compared at all. Anything else (a file the old script wrote, an edit by
     * hand, a change) is parsed as Postfix would read it: so is a desired text that were not ASCII, whose size
     * in bytes is not its length, which is slower and as correct.
     */
    private MapReader.Found read(MapFile file, Path text, MapEntries desired, MapParser.Sink entries) throws IOException {
        boolean indexed = indexFor(file).map(Files::exists).orElse(true);
        if (Files.size(text) == MapText.length(file, desired)) {
            try (Reader in = lenient(text)) {
                if (spells(in, file, desired)) {
                    return new MapReader.Found(true, indexed, false, true);
                }
            }
        }
        try (Reader in = lenient(text)) {
            int damaged = MapParser.stream(file.format(), in, entries, warning -> log.warn("{}: {}", file, warning));
            return new MapReader.Found(true, indexed, damaged > 0, false);
        }
    }

    /**
     * The text with bytes that are not UTF-8 read as U+FFFD rather than refused: a map the job owns must not
     * lock it out; the parser reports such entries and the map is rewritten.
     */
    private static Reader lenient(Path text) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(text), decoder), 1 << 16);
    }

    private static boolean spells(Reader text, MapFile file, MapEntries entries) throws IOException {
        SameText same = new SameText(text);
        try (Writer out = new BufferedWriter(same, 1 << 16)) {
            MapText.write(file, entries, out);
        } catch (SameText.Differs e) {
            return false;
        }
        return text.read() < 0;
    }

    /** A writer that compares what it is given with a text, and gives up at the first difference. */
    private static final class SameText extends Writer {
        /** Thrown, without a stack trace, to stop the rendering at the first difference. */
        static final class Differs extends RuntimeException {
            Differs() {
                super(null, null, false, false);
            }
        }

        private final Reader text;
        private final char[] buffer = new char[1 << 16];

        SameText(Reader text) {
            this.text = text;
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            while (len > 0) {
                int n = text.read(buffer, 0, Math.min(len, buffer.length));
                if (n < 0 || !Arrays.equals(buffer, 0, n, chars, off, off + n)) {
                    throw new Differs();
                }
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /**
     * Size, modification time and inode of every map file and index: whoever changes a map, renames one
     * over it or deletes its index changes this description.
     */
    public String describeOnDisk(List<MapFile> files) {
        StringBuilder out = new StringBuilder();
        for (MapFile file : files) {
            describe(file.path(), out);
            indexFor(file).ifPresent(index -> describe(index, out));
        }
        return out.toString();
    }

    private static void describe(Path path, StringBuilder out) {
        out.append(path).append(' ');
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            out.append(attributes.size()).append(' ')
                    .append(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append(' ')
                    .append(attributes.fileKey());
        } catch (IOException e) {
            out.append("absent");
        }
        out.append('\n');
    }

    /** Finishes the commit of a run that was killed half-way and deletes what it left unfinished. */
    public void recover(List<MapFile> files) throws ApplyException {
        // One listing per directory, not per file: at 5000 clubs the rspamd directory holds 5000 maps.
        Map<Path, Map<String, MapFile>> byDirectory = new LinkedHashMap<>();
        for (MapFile file : files) {
            MapLayout layout;
            try {
                layout = layout(file);
                if (Files.exists(layout.marker())) {
                    log.warn("{}: finishing the commit of an interrupted run", file);
                    completeCommit(layout);
                }
            } catch (IOException e) {
                throw ApplyException.cannotWrite(file.path(), e, KEPT);
            }
            for (Path name : layout.leftoverNames()) {
                byDirectory.computeIfAbsent(name.getParent(), dir -> new HashMap<>())
                        .putIfAbsent(name.getFileName().toString(), file);
            }
        }
        for (Map.Entry<Path, Map<String, MapFile>> directory : byDirectory.entrySet()) {
            removeLeftovers(directory.getKey(), directory.getValue());
        }
    }

    /**
     * Deletes the temp files a killed run left: ours ({@code .NAME.m2s-*}), and Berkeley DB's (postmap hash:,
     * btree: creates an index as {@code __db.NAME} and renames it: a postmap killed in between leaves that
     * behind, and every later postmap of NAME fails while it exists).
     */
    private void removeLeftovers(Path dir, Map<String, MapFile> byName) throws ApplyException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path stale : entries.toList()) {
                MapFile file = leftoverOf(stale.getFileName().toString(), byName);
                if (file == null) {
                    continue;
                }
                log.info("{}: removing {} left by an interrupted run", file, stale);
                try {
                    Files.deleteIfExists(stale);
                } catch (IOException e) {
                    throw ApplyException.cannotWrite(file.path(), e, KEPT);
                }
            }
        } catch (NoSuchFileException e) {
            // the directory does not exist yet: nothing to recover; writing will say so.
        } catch (IOException e) {
            throw ApplyException.cannotWrite(dir, e, KEPT);
        }
    }

    /** The map whose temp file {@code entry} is, or null. */
    private static MapFile leftoverOf(String entry, Map<String, MapFile> byName) {
        String rest = entry.startsWith("__db..") ? entry.substring(6) : entry.startsWith(".") ? entry.substring(1) : null;
        int mark = rest == null ? -1 : rest.lastIndexOf(".m2s-");
        return mark < 0 ? null : byName.get(rest.substring(0, mark));
    }

    /** Writes and indexes every file aside, then commits them all; on failure before the commit, nothing changed. */
    public void apply(List<FileChange> changes) throws ApplyException {
        Optional<ApplyException> failure = prepareAll(changes);
        if (failure.isPresent()) {
            changes.forEach(change -> deleteTemps(change.file()));
            throw failure.get();
        }
        for (FileChange change : changes) {
            commit(change.file());
        }
    }

    /** Deletes the files of clubs no longer configured, with their index if they have one. */
    public void remove(List<MapFile> files) throws ApplyException {
        for (MapFile file : files) {
            try {
                Files.deleteIfExists(file.path());
                Optional<Path> index = indexFor(file);
                if (index.isPresent()) {
                    Files.deleteIfExists(index.get());
                }
                fsync(file.path().getParent());
            } catch (IOException e) {
                throw ApplyException.cannotWrite(file.path(), e, "it stays; the next run tries again");
            }
        }
    }

    /**
     * Renders, writes and indexes every file aside, on all cores: they are independent until the commit. Twice as
     * many threads as cores: a thread waiting for postmap, which runs in a process of its own, uses none, and
     * meanwhile another writes the next maps (500 clubs: the Rspamd maps were written only after the postmaps).
     * Returns the first failure in the files' order, so that what the admin reads does not depend on timing.
     */
    private Optional<ApplyException> prepareAll(List<FileChange> changes) {
        List<Future<Optional<ApplyException>>> jobs = new ArrayList<>();
        try (ExecutorService cores = Executors.newFixedThreadPool(2 * Runtime.getRuntime().availableProcessors())) {
            for (FileChange change : changes) {
                jobs.add(cores.submit(() -> {
                    try {
                        prepare(change);
                        return Optional.<ApplyException>empty();
                    } catch (ApplyException e) {
                        return Optional.of(e);
                    }
                }));
            }
        }
        for (Future<Optional<ApplyException>> job : jobs) {
            Optional<ApplyException> failure;
            try {
                failure = job.get(); // done: the pool has closed
            } catch (ExecutionException e) {
                throw new IllegalStateException("preparing a map failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(new ApplyException(ApplyException.Kind.WRITE, "interrupted", e));
            }
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private void prepare(FileChange change) throws ApplyException {
        MapFile file = change.file();
        MapLayout layout;
        try {
            layout = layout(file);
        } catch (IOException e) {
            throw ApplyException.cannotWrite(file.path(), e, KEPT);
        }
        writeAside(change, layout.textTemp());
        if (layout.index().isPresent()) {
            if (!layout.oneTemporaryText()) {
                writeAside(change, layout.indexInput());
            }
            runPostmap(file, layout);
        }
    }

    private static void writeAside(FileChange change, Path text) throws ApplyException {
        MapFile file = change.file();
        try {
            Files.deleteIfExists(text);
            Files.createFile(text, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            copyOwnerAndMode(file.path(), text);
            try (FileChannel channel = FileChannel.open(text, StandardOpenOption.WRITE);
                    BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                            Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16)) {
                MapText.write(file, change.desired(), out);
                out.flush();
                channel.force(true);
            }
        } catch (IOException e) {
            throw ApplyException.cannotWrite(file.path(), e, KEPT);
        }
    }

    private void runPostmap(MapFile file, MapLayout layout) throws ApplyException {
        postfix.index(file, mapType.postfixName() + ":" + layout.indexInput(), KEPT);
        fsyncQuietly(layout.indexTemp());
    }

    private void commit(MapFile file) throws ApplyException {
        try {
            MapLayout layout = layout(file);
            if (layout.index().isEmpty()) {
                move(layout.textTemp(), layout.text());
                fsync(layout.text().getParent());
                return;
            }
            move(layout.indexInput(), layout.marker());
            fsync(layout.base().getParent());
            completeCommit(layout);
        } catch (IOException e) {
            throw ApplyException.cannotWrite(file.path(), e, KEPT);
        }
    }

    /**
     * The commit once its marker exists: the index goes in place, then the text, then the marker. What a killed
     * run did of it is not done again, so recovery repeats it.
     */
    private static void completeCommit(MapLayout layout) throws IOException {
        if (layout.index().isPresent() && Files.exists(layout.indexTemp())) {
            move(layout.indexTemp(), layout.index().get());
        }
        if (layout.oneTemporaryText()) {
            move(layout.marker(), layout.text());
        } else {
            if (Files.exists(layout.textTemp())) {
                move(layout.textTemp(), layout.text());
                fsync(layout.text().getParent());
            }
            Files.delete(layout.marker());
        }
        fsync(layout.base().getParent());
    }

    private MapLayout layout(MapFile file) throws IOException {
        return layout(file, mapType);
    }

    private static MapLayout layout(MapFile file, MapType mapType) throws IOException {
        return MapLayout.of(file.path(), file.format().isPostfix() ? mapType.indexSuffix() : Optional.empty());
    }

    private Optional<Path> indexFor(MapFile file) {
        if (!file.format().isPostfix()) {
            return Optional.empty();
        }
        return mapType.indexSuffix().map(suffix -> Path.of(file.path() + suffix));
    }

    /** Every path the job writes for {@code file}: the map, its index and the temporary names beside them. */
    public static List<Path> pathsWritten(MapFile file, MapType mapType) throws IOException {
        MapLayout layout = layout(file, mapType);
        Set<Path> paths = new LinkedHashSet<>(List.of(file.path(), layout.text()));
        layout.index().ifPresent(paths::add);
        paths.add(layout.textTemp());
        if (layout.index().isPresent()) {
            paths.addAll(List.of(layout.indexInput(), layout.indexTemp(), layout.marker()));
        }
        return List.copyOf(paths);
    }

    private void deleteTemps(MapFile file) {
        try {
            MapLayout layout = layout(file);
            Files.deleteIfExists(layout.textTemp());
            Files.deleteIfExists(layout.indexInput());
            if (layout.index().isPresent()) {
                Files.deleteIfExists(layout.indexTemp());
            }
        } catch (IOException e) {
            log.warn("{}: cannot remove temporary file: {}", file, e.getMessage());
        }
    }

    private static void copyOwnerAndMode(Path from, Path to) throws IOException {
        PosixFileAttributes old;
        try {
            old = Files.readAttributes(from, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            return; // a new map: root-owned 0644 like the rest of /etc/postfix
        }
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        view.setPermissions(old.permissions());
        try {
            view.setGroup(old.group());
            view.setOwner(old.owner());
        } catch (FileSystemException e) {
            log.warn("{}: cannot keep owner {}:{} (not running as root?): {}", from, old.owner().getName(),
                    old.group().getName(), e.getMessage());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void fsyncQuietly(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("{}: fsync: {}", file, e.getMessage());
        }
    }
}
