package com.manage2soar.aliassync.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileListsDroppedTest {
    @TempDir
    Path dir;

    private static RunSummary run(ExitCode code, Map<String, Boolean> fetched, Optional<RunSummary.MapTotals> maps) {
        return new RunSummary(Instant.now(), Duration.ofMillis(5), code, fetched, maps, 0, 0, false);
    }

    @Test
    void eachClubsDroppedListsAreReportedAndAClubNotValidatedKeepsItsLastCount() throws Exception {
        Path file = dir.resolve("m2s.prom");
        MetricsFile.write(file, run(ExitCode.OK, Map.of("SSC", true, "mlg", true),
                Optional.of(new RunSummary.MapTotals(Map.of(), 0, 3, Map.of("SSC", 2, "mlg", 0)))));
        String first = Files.readString(file);
        assertTrue(first.contains("# TYPE m2s_sync_lists_dropped gauge\n"), first);
        assertTrue(first.contains("m2s_sync_lists_dropped{club=\"SSC\"} 2\nm2s_sync_lists_dropped{club=\"mlg\"} 0\n"), first);

        // SSC failed this run: its lists are as the last run left them, and so is their count.
        MetricsFile.write(file, run(ExitCode.PARTIAL, Map.of("SSC", false, "mlg", true),
                Optional.of(new RunSummary.MapTotals(Map.of(), 0, 1, Map.of("mlg", 1)))));
        String second = Files.readString(file);
        assertTrue(second.contains("m2s_sync_lists_dropped{club=\"SSC\"} 2\nm2s_sync_lists_dropped{club=\"mlg\"} 1\n"), second);

        // Nothing changed: no club was validated, every count still holds.
        MetricsFile.write(file, run(ExitCode.OK, Map.of("SSC", true, "mlg", true), Optional.empty()));
        String third = Files.readString(file);
        assertTrue(third.contains("m2s_sync_lists_dropped{club=\"SSC\"} 2\nm2s_sync_lists_dropped{club=\"mlg\"} 1\n"), third);
    }
}
