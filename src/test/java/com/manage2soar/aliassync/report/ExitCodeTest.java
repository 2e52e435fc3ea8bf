package com.manage2soar.aliassync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.manage2soar.aliassync.api.ClubAnswer;
import com.manage2soar.aliassync.api.FetchFailure;
import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.KeyChange;
import com.manage2soar.aliassync.plan.Plan;
import com.manage2soar.aliassync.plan.Refusal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exit code as a function of the run's report and the options: one row per cause, and the mixes. */
class ExitCodeTest {
    private static final Plan NO_CHANGES = new Plan(List.of(), List.of());
    private static final Plan CHANGES = new Plan(List.of(new FileChange(
            new MapFile(Path.of("/etc/postfix/virtual"), MapFormat.POSTFIX_ALIASES, new MapScope.ListAddresses()),
            new MapEntries(Map.of("a@x.org", "b@y.org")), List.of(new KeyChange.Added("a@x.org")), false,
            false)), List.of());
    private static final Plan CLUB_REFUSED = new Plan(CHANGES.files(),
            List.of(new Refusal.OfClub("c1", Refusal.Cause.LISTS_EMPTIED, "emptied")));
    private static final Plan PLAN_REFUSED = new Plan(CHANGES.files(), List.of(new Refusal.OfPlan("too much")));

    private static final Applied APPLIED = new Applied(CHANGES.files(), List.of(), Applied.Reload.DONE, Optional.empty());
    private static final Applied WRITE_FAILED = failed(ApplyException.Kind.WRITE);
    private static final Applied POSTMAP_FAILED = failed(ApplyException.Kind.COMMAND);
    private static final Applied RELOAD_FAILED = new Applied(CHANGES.files(), List.of(), Applied.Reload.FAILED,
            Optional.empty());

    private static Applied failed(ApplyException.Kind kind) {
        return new Applied(List.of(), List.of(), Applied.Reload.NOT_RUN, Optional.of(kind));
    }

    private static ClubResult ok(String club) {
        return new ClubResult(club, Optional.empty(), 0, 0);
    }

    private static ClubResult failed(String club, FetchFailure kind) {
        return new ClubResult(club, Optional.of(new ClubAnswer.Failed(new Club(club, List.of(club + ".org")), kind, "x")),
                0, 0);
    }

    private static RunReport real(Plan plan, Applied applied, ClubResult... clubs) {
        return report(false, plan, false, applied, clubs);
    }

    private static RunReport dry(Plan plan, boolean reloadPending, ClubResult... clubs) {
        return report(true, plan, reloadPending, Applied.NOTHING, clubs);
    }

    private static RunReport report(boolean dryRun, Plan plan, boolean reloadPending, Applied applied, ClubResult... clubs) {
        return new RunReport(Instant.EPOCH, Duration.ZERO, dryRun, Optional.empty(), Arrays.asList(clubs), false, plan,
                reloadPending, applied);
    }

    private static RunReport stopped(RunReport.Stop stop) {
        return RunReport.stopped(Instant.EPOCH, Duration.ZERO, false, stop, List.of(ok("c1")));
    }

    private static Arguments row(ExitCode expected, String why, RunReport run, boolean detailed, boolean force) {
        return Arguments.of(expected, why, run, detailed, force);
    }

    static Stream<Arguments> table() {
        ClubResult c1 = ok("c1");
        ClubResult c2 = ok("c2");
        ClubResult c2Down = failed("c2", FetchFailure.UNAVAILABLE);
        return Stream.of(
                row(ExitCode.OK, "changes applied", real(CHANGES, APPLIED, c1, c2), false, false),
                row(ExitCode.OK, "nothing to change", real(NO_CHANGES, Applied.NOTHING, c1, c2), false, false),
                row(ExitCode.OK, "dry run with changes, no --detailed-exitcode", dry(CHANGES, false, c1), false, false),
                row(ExitCode.CHANGES_PENDING, "dry run with changes", dry(CHANGES, false, c1), true, false),
                row(ExitCode.CHANGES_PENDING, "dry run, a reload owed", dry(NO_CHANGES, true, c1), true, false),
                row(ExitCode.OK, "dry run, nothing pending", dry(NO_CHANGES, false, c1), true, false),
                row(ExitCode.PARTIAL, "lock held", stopped(RunReport.Stop.LOCK_HELD), false, false),
                row(ExitCode.CANNOT_WRITE, "lock or leftovers not writable", stopped(RunReport.Stop.CANNOT_WRITE), false, false),
                row(ExitCode.AUTH, "every club 401", real(NO_CHANGES, Applied.NOTHING, failed("c1", FetchFailure.AUTH),
                        failed("c2", FetchFailure.AUTH)), false, false),
                row(ExitCode.DATA, "every club sent junk", real(NO_CHANGES, Applied.NOTHING,
                        failed("c1", FetchFailure.INVALID_RESPONSE)), false, false),
                row(ExitCode.UNAVAILABLE, "every club failed, causes mixed", real(NO_CHANGES, RELOAD_FAILED,
                        failed("c1", FetchFailure.AUTH), c2Down), false, false),
                row(ExitCode.DATA, "a club refused", real(CLUB_REFUSED, APPLIED, c1, c2), false, false),
                row(ExitCode.OK, "a club refused, --force", real(CLUB_REFUSED, APPLIED, c1, c2), false, true),
                row(ExitCode.DATA, "the plan refused", real(PLAN_REFUSED, Applied.NOTHING, c1, c2), false, false),
                row(ExitCode.DATA, "a refusal wins over a failed club", real(CLUB_REFUSED, APPLIED, c1, c2Down), false, false),
                row(ExitCode.DATA, "a refusal wins over a failed apply", real(CLUB_REFUSED, WRITE_FAILED, c1, c2), false, false),
                row(ExitCode.DATA, "dry run, a club refused", dry(CLUB_REFUSED, false, c1), true, false),
                row(ExitCode.CANNOT_WRITE, "a map cannot be written", real(CHANGES, WRITE_FAILED, c1, c2), false, false),
                row(ExitCode.COMMAND_FAILED, "postmap failed", real(CHANGES, POSTMAP_FAILED, c1, c2), false, false),
                row(ExitCode.COMMAND_FAILED, "the reload failed", real(CHANGES, RELOAD_FAILED, c1, c2), false, false),
                row(ExitCode.COMMAND_FAILED, "a failed apply wins over a failed club", real(CHANGES, RELOAD_FAILED, c1, c2Down),
                        false, false),
                row(ExitCode.PARTIAL, "one club failed, the rest applied", real(CHANGES, APPLIED, c1, c2Down), false, false),
                row(ExitCode.PARTIAL, "dry run, one club failed", dry(CHANGES, false, c1, c2Down), true, false));
    }

    @ParameterizedTest(name = "{1}: exit {0}")
    @MethodSource("table")
    void theExitCodeIsAFunctionOfTheReportAndTheOptions(ExitCode expected, String why, RunReport run, boolean detailed,
            boolean force) {
        assertEquals(expected, ExitCode.of(run, detailed, force), why);
    }
}
