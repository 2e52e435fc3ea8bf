package com.manage2soar.aliassync.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.api.ClubAnswer;
import com.manage2soar.aliassync.api.FetchFailure;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileListsDroppedTest {
    private static final Plan IN_SYNC = new Plan(List.of(new FileChange(
            new MapFile(Path.of("/etc/postfix/virtual"), MapFormat.POSTFIX_ALIASES, new MapScope.ListAddresses()),
            new MapEntries(Map.of("a@x.org", "b@y.org")), List.of(), false, false)), List.of());

    @TempDir
    Path dir;

    private static ClubResult fetched(String club, int listsDropped) {
        return new ClubResult(club, Optional.empty(), 0, listsDropped);
    }

    private static ClubResult failed(String club) {
        return new ClubResult(club, Optional.of(new ClubAnswer.Failed(new Club(club, List.of("x.org")),
                FetchFailure.UNAVAILABLE, "down")), 0, 0);
    }

    private static RunReport run(boolean unchanged, Plan plan, ClubResult... clubs) {
        return new RunReport(Instant.now(), Duration.ofMillis(5), false, Optional.empty(), List.of(clubs), unchanged,
                plan, false, Applied.NOTHING);
    }

    private String write(RunHistory history, RunReport run, ExitCode code) throws Exception {
        Path file = dir.resolve("m2s.prom");
        MetricsFile.write(file, run, code, history, false, false);
        return Files.readString(file);
    }

    @Test
    void eachClubsDroppedListsAreReportedAndAClubNotValidatedKeepsItsLastCount() throws Exception {
        RunReport first = run(false, IN_SYNC, fetched("SSC", 2), fetched("mlg", 0));
        RunHistory one = RunHistory.NONE.after(first, ExitCode.OK);
        String text = write(one, first, ExitCode.OK);
        assertTrue(text.contains("# TYPE m2s_sync_lists_dropped gauge\n"), text);
        assertTrue(text.contains("m2s_sync_lists_dropped{club=\"SSC\"} 2\nm2s_sync_lists_dropped{club=\"mlg\"} 0\n"), text);

        // SSC failed this run: its lists are as the last run left them, and so is their count.
        RunReport second = run(false, IN_SYNC, failed("SSC"), fetched("mlg", 1));
        RunHistory two = one.after(second, ExitCode.PARTIAL);
        text = write(two, second, ExitCode.PARTIAL);
        assertTrue(text.contains("m2s_sync_lists_dropped{club=\"SSC\"} 2\nm2s_sync_lists_dropped{club=\"mlg\"} 1\n"), text);

        // Nothing changed: no club was validated, every count still holds.
        RunReport third = run(true, Plan.EMPTY, fetched("SSC", 0), fetched("mlg", 0));
        text = write(two.after(third, ExitCode.OK), third, ExitCode.OK);
        assertTrue(text.contains("m2s_sync_lists_dropped{club=\"SSC\"} 2\nm2s_sync_lists_dropped{club=\"mlg\"} 1\n"), text);
    }
}
