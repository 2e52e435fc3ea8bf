package com.manage2soar.aliassync.model;

import java.nio.file.Path;

/** One file the job owns: where it is, how it is spelt, whose entries it holds. */
public record MapFile(Path path, MapFormat format, MapScope scope) {
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
