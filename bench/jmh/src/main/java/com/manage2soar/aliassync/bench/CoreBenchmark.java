package com.manage2soar.aliassync.bench;

import com.manage2soar.aliassync.api.ApiResponseParser;
import com.manage2soar.aliassync.api.InvalidResponseException;
import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.plan.MapReader;
import com.manage2soar.aliassync.plan.Plan;
import com.manage2soar.aliassync.plan.Planner;
import com.manage2soar.aliassync.render.ClubEntries;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.Renderer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One run's core work on the fake API's data (see {@link Workload}), without the JVM start, the network or the
 * disk: each benchmark is one call over every club, as one cron run makes it. The state each needs is built once
 * per fork, before the clock starts. The fork's JVM runs as the launcher (packaging/launcher.sh) starts the job:
 * serial GC, C1 only. The heap is fixed, the same for both sizes, and large enough for 5000 clubs, whose state
 * alone is up to 4 GB (FullChange): a smaller heap measures full GCs.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms8g", "-Xmx8g"})
public class CoreBenchmark {
    private static final Renderer RENDERER = new Renderer(Workload.settings());
    private static final Planner PLANNER = new Planner(100); // as run.sh: safety.max_removed_percent 100

    // Each benchmark takes one state, so a fork builds only what its benchmark needs (5000 clubs take GBs).
    // No state extends another: JMH does not order the @Setup methods of a class hierarchy.

    /** Every club's API response as it arrives (bytes). */
    @State(Scope.Benchmark)
    public static class Responses {
        @Param({"500", "5000"})
        public int clubs;

        List<Club> list;
        byte[][] bodies;

        @Setup
        public void build() {
            list = Workload.clubs(clubs);
            bodies = IntStream.range(0, clubs).parallel().mapToObj(i -> Workload.json(i, 0)).toArray(byte[][]::new);
            ClubLists viaJson = ClubLists.validate("c0000", parse(bodies[0]), dropped -> {});
            if (!viaJson.equals(Workload.fetched(list.subList(0, 1), 0).get("c0000"))) {
                throw new IllegalStateException("the JSON and the in-memory lists differ");
            }
        }

        static ApiLists parse(byte[] body) {
            try {
                return ApiResponseParser.parse(new ByteArrayInputStream(body));
            } catch (IOException | InvalidResponseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every club's validated lists, as a run holds them after fetching. */
    @State(Scope.Benchmark)
    public static class Fetched {
        @Param({"500", "5000"})
        public int clubs;

        List<Club> list;
        Map<String, ClubLists> fetched;

        @Setup
        public void build() {
            list = Workload.clubs(clubs);
            fetched = Workload.fetched(list, 0);
        }
    }

    /** What {@link Planner#plan} takes: the maps a run of generation 0 left, and what {@code generation} wants. */
    record PlanInput(List<Club> list, Map<String, ClubEntries> fetched, List<DesiredMap> desired, MapReader current) {
        static PlanInput of(int clubs, int generation) {
            List<Club> list = Workload.clubs(clubs);
            Map<String, ClubLists> last = Workload.fetched(list, 0);
            List<DesiredMap> written = RENDERER.render(list, last);
            Map<String, ClubLists> fetched = generation == 0 ? last : Workload.fetched(list, generation);
            List<DesiredMap> desired = generation == 0 ? written : RENDERER.render(list, fetched);
            Map<String, ClubEntries> entries = new HashMap<>();
            list.forEach(club -> entries.put(club.prefix(), RENDERER.club(club, fetched.get(club.prefix()))));
            return new PlanInput(list, entries, desired, Workload.onDisk(written));
        }

        Plan plan() {
            return PLANNER.plan(list, fetched, desired, current, List.of(), false);
        }
    }

    /** The common run: the API sends what the files already hold. */
    @State(Scope.Benchmark)
    public static class NoChange {
        @Param({"500", "5000"})
        public int clubs;

        PlanInput input;

        @Setup
        public void build() {
            input = PlanInput.of(clubs, 0);
        }
    }

    /** Every list of every club changed since the last run (the fake's /_flip): every file is rewritten. */
    @State(Scope.Benchmark)
    public static class FullChange {
        @Param({"500", "5000"})
        public int clubs;

        PlanInput input;

        @Setup
        public void build() {
            input = PlanInput.of(clubs, 1);
            int writes = input.plan().filesToWrite().size();
            // All but the recipient check and bypass maps: they hold list addresses, which a flip keeps.
            if (writes != input.desired().size() - 2) {
                throw new IllegalStateException(writes + " of " + input.desired().size() + " files change");
            }
        }
    }

    /** Every map, as this run wants it. */
    @State(Scope.Benchmark)
    public static class Rendered {
        @Param({"500", "5000"})
        public int clubs;

        List<DesiredMap> maps;

        @Setup
        public void build() {
            List<Club> list = Workload.clubs(clubs);
            maps = RENDERER.render(list, Workload.fetched(list, 0));
        }
    }

    /** Every map and its text, as the previous run wrote it. */
    @State(Scope.Benchmark)
    public static class Files {
        @Param({"500", "5000"})
        public int clubs;

        List<DesiredMap> maps;
        List<byte[]> texts;

        @Setup
        public void build() {
            List<Club> list = Workload.clubs(clubs);
            maps = RENDERER.render(list, Workload.fetched(list, 0));
            texts = maps.parallelStream().map(Workload::text).toList();
        }
    }

    /** What a run that has work to do makes of the responses: parse each, validate each (SyncJob, on one core). */
    @Benchmark
    public Map<String, ClubLists> parseAndValidate(Responses s) {
        Map<String, ClubLists> fetched = new HashMap<>();
        for (int i = 0; i < s.clubs; i++) {
            String prefix = s.list.get(i).prefix();
            fetched.put(prefix, ClubLists.validate(prefix, Responses.parse(s.bodies[i]), dropped -> {}));
        }
        return fetched;
    }

    @Benchmark
    public List<DesiredMap> render(Fetched s) {
        return RENDERER.render(s.list, s.fetched);
    }

    @Benchmark
    public Plan planNoChange(NoChange s) {
        Plan plan = s.input.plan();
        if (plan.hasChanges()) {
            throw new IllegalStateException("the no-change plan has changes");
        }
        return plan;
    }

    @Benchmark
    public Plan planFullChange(FullChange s) {
        return s.input.plan();
    }

    /** Reading every current file, as a run does before it plans (MapStore.read, without the disk). */
    @Benchmark
    public List<MapEntries> parseMaps(Files s) {
        List<MapEntries> parsed = new ArrayList<>(s.maps.size());
        for (int i = 0; i < s.maps.size(); i++) {
            parsed.add(Workload.parse(s.maps.get(i), s.texts.get(i)));
        }
        return parsed;
    }

    /**
     * Spelling every file as MapStore.apply writes it, into a sink instead of the disk: what a run writes when
     * every list changed (all files but the two small ones of list addresses), or the first run.
     */
    @Benchmark
    public void writeMaps(Rendered s) {
        for (DesiredMap map : s.maps) {
            Workload.write(map, OutputStream.nullOutputStream());
        }
    }
}
