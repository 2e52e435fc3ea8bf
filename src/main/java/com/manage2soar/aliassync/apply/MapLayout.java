package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where one map is on disk. A map path that is a symbolic link is written through: the new text replaces
 * the link's target, the link stays. The index stays where Postfix opens it, the configured path plus the
 * map type's suffix (or that file's target, if it is a link too). Each temporary file is made in the
 * directory of the file it replaces, so that every rename stays within one directory and one file system.
 *
 * <p>{@code base} names the index's temporary files: postmap indexes {@code .BASE.m2s-new} into
 * {@code .BASE.m2s-new.db} beside it, and the commit marker is {@code .BASE.m2s-commit}. For a map that is
 * no link, base, text and the index's stem are all the configured path: one temporary text serves both.
 *
 * @param path the configured path
 * @param text the file the text goes to
 * @param index the file the index goes to, for an indexed map
 * @param base the index without its suffix, or the text for a map without index
 * @param suffix what postmap appends to its input's name, or "" for a map without index
 */
record MapLayout(Path path, Path text, Optional<Path> index, Path base, String suffix) {
    private static final String NEW = ".m2s-new";
    private static final String COMMIT = ".m2s-commit";
    private static final int MAX_LINKS = 40;

    static MapLayout of(Path path, Optional<String> indexSuffix) throws IOException {
        Path text = target(path);
        if (indexSuffix.isEmpty()) {
            return new MapLayout(path, text, Optional.empty(), text, "");
        }
        String suffix = indexSuffix.get();
        Path index = target(Path.of(path + suffix));
        String name = index.getFileName().toString();
        String stem = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
        return new MapLayout(path, text, Optional.of(index), index.resolveSibling(stem), suffix);
    }

    /** The new text, renamed over {@link #text()} at the commit. */
    Path textTemp() {
        return temp(text, NEW);
    }

    /** The text postmap indexes; the same file as {@link #textTemp()} unless a link separates text and index. */
    Path indexInput() {
        return temp(base, NEW);
    }

    /** What postmap makes of {@link #indexInput()}, renamed over {@link #index()} at the commit. */
    Path indexTemp() {
        return Path.of(indexInput() + suffix);
    }

    /** Exists from the first rename of a commit to its last: the index is complete, the text may not be in place. */
    Path marker() {
        return temp(base, COMMIT);
    }

    boolean oneTemporaryText() {
        return textTemp().equals(indexInput());
    }

    /** The files whose {@code .NAME.m2s-*} leftovers belong to this map: each names a directory and a NAME. */
    List<Path> leftoverNames() {
        return List.of(path, text, base);
    }

    private static Path temp(Path file, String kind) {
        return file.resolveSibling("." + file.getFileName() + kind);
    }

    /** The file a path names: the path itself, or the final target of the symbolic links it is. */
    static Path target(Path path) throws IOException {
        Path current = path;
        for (int links = 0; Files.isSymbolicLink(current); links++) {
            if (links == MAX_LINKS) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            Path target = current.resolveSibling(Files.readSymbolicLink(current));
            current = target.getParent().toRealPath().resolve(target.getFileName());
        }
        return current;
    }
}
