package com.manage2soar.aliassync;

import com.manage2soar.aliassync.plan.PlanText;
import com.manage2soar.aliassync.report.ClubResult;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.RunReport;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log's closing lines of a run, from its report and exit code. */
final class RunLog {
    private static final Logger log = LoggerFactory.getLogger(SyncJob.class);

    private RunLog() {}

    static void summary(RunReport run, ExitCode code, boolean reloads) {
        if (run.stop().isPresent()) {
            return; // the cause is logged where it happened
        }
        long took = run.took().toMillis();
        if (run.unchanged()) {
            log.info("{} clubs fetched; their answers, the config and the maps are as the last clean run left them: "
                    + "nothing to do. Done in {} ms (exit {}).", run.clubs().size(), took, code.code());
            return;
        }
        if (!run.anyFetched()) {
            log.error("no club could be fetched: no file touched (exit {})", code.code());
            return;
        }
        if (!run.failed().isEmpty()) {
            log.warn("clubs that failed and kept their entries: {}", run.failed().stream()
                    .map(club -> club.club() + " (" + club.failure().orElseThrow().kind().name().toLowerCase(Locale.ROOT) + ")")
                    .collect(Collectors.joining(", ")));
        }
        log.info("{} clubs fetched, {} failed, {} refused, {} invalid entries dropped; {} Done in {} ms (exit {}).",
                run.clubs().size() - run.failed().size(), run.failed().size(), run.plan().refusedClubs().size(),
                run.clubs().stream().mapToInt(ClubResult::dropped).sum(), PlanText.summary(run.plan(), reloads), took,
                code.code());
    }
}
