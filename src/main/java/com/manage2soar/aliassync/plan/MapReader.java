package com.manage2soar.aliassync.plan;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.render.DesiredMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How the planner reads a map file: entry by entry, in the file's order, so that a run holds no current map
 * whole. Fails with an {@link java.io.UncheckedIOException} when the file cannot be read.
 */
@FunctionalInterface
public interface MapReader {
    /**
     * Gives the entries of {@code map}'s file to {@code entries}, and tells what else it found. A file that spells
     * exactly {@code map}'s entries gives none: it is {@code asDesired}.
     */
    Found read(DesiredMap map, MapParser.Sink entries);

    /** What reading a file found beside its entries; {@code damaged}: some entries could not be read. */
    record Found(boolean exists, boolean indexed, boolean damaged, boolean asDesired) {}

    /** Maps already read whole (tests and benchmarks). */
    static MapReader of(Function<DesiredMap, CurrentMap> current) {
        return (map, entries) -> {
            CurrentMap now = current.apply(map);
            if (now.entries() == map.entries()) {
                return new Found(now.exists(), now.indexed(), now.damaged(), true);
            }
            now.entries().byKey().forEach(entries::add);
            return new Found(now.exists(), now.indexed(), now.damaged(), false);
        };
    }

    /** {@code map}'s file read whole. */
    default CurrentMap readWhole(DesiredMap map) {
        Map<String, String> entries = new HashMap<>();
        Found found = read(map, MapParser.collect(entries));
        return new CurrentMap(found.exists(), found.asDesired() ? map.entries() : new MapEntries(entries),
                found.indexed(), found.damaged());
    }
}
