package com.manage2soar.aliassync.report;

import com.manage2soar.aliassync.api.FetchFailure;
import com.manage2soar.aliassync.apply.ApplyException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The job's exit codes (sysexits.h), the contract with cron and monitoring. README has the table. */
public enum ExitCode {
    OK(0, "maps are in sync: changes applied, or nothing to change"),
    CHECK_FAILED(1, "check only: a finding FAILed"),
    CHANGES_PENDING(2, "--dry-run --detailed-exitcode: changes are pending"),
    USAGE(64, "bad command line"),
    DATA(65, "every club sent unusable data, or a safety check refused a club (the others applied) or the plan"),
    UNAVAILABLE(69, "no club could be fetched (API down); files untouched"),
    SOFTWARE(70, "internal error (a bug): the log names the exception and where; -v shows the trace"),
    COMMAND_FAILED(71, "postmap or the reload command failed (a failed reload is retried by every later run)"),
    CANNOT_WRITE(73, "an output file or its directory cannot be written; previous maps kept"),
    PARTIAL(75, "some clubs failed and kept their entries (the rest applied), or another run holds the lock"),
    AUTH(77, "the API refused the key (401/403) of every club"),
    CONFIG(78, "config file missing, unreadable, invalid, or too open for the secret it holds");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * The exit code of a run, from its report alone. When causes mix, the first that applies wins: the
     * lock held (75), the run stopped unable to write (73), every club failed (77, 65, 69), a refusal
     * not overridden by {@code force} (65), a failed apply or reload (73, 71), some clubs failed (75),
     * then changes pending in a dry run with {@code detailedExitCode} (2), else 0.
     */
    public static ExitCode of(RunReport run, boolean detailedExitCode, boolean force) {
        if (run.stop().isPresent()) {
            return run.stop().get() == RunReport.Stop.LOCK_HELD ? PARTIAL : CANNOT_WRITE;
        }
        if (!run.anyFetched()) {
            return allFailed(run.failed().stream().map(club -> club.failure().orElseThrow().kind()).toList());
        }
        if (run.plan().refused() && !force) {
            return DATA;
        }
        if (run.applied().failure().isPresent()) {
            return run.applied().failure().get() == ApplyException.Kind.WRITE ? CANNOT_WRITE : COMMAND_FAILED;
        }
        if (run.applied().reload() == Applied.Reload.FAILED) {
            return COMMAND_FAILED;
        }
        if (!run.failed().isEmpty()) {
            return PARTIAL;
        }
        boolean pending = run.plan().hasChanges() || run.reloadPending();
        return run.dryRun() && detailedExitCode && pending ? CHANGES_PENDING : OK;
    }

    /** When every club failed: auth if all were refused keys, data if all sent junk, else unavailable. */
    private static ExitCode allFailed(List<FetchFailure> failures) {
        if (failures.stream().allMatch(kind -> kind == FetchFailure.AUTH)) {
            return AUTH;
        }
        if (failures.stream().allMatch(kind -> kind == FetchFailure.INVALID_RESPONSE)) {
            return DATA;
        }
        return UNAVAILABLE;
    }

    /** Every code with its meaning, in the order of the codes: the list {@code --help} prints. */
    public static Map<ExitCode, String> meanings() {
        Map<ExitCode, String> all = new EnumMap<>(ExitCode.class);
        for (ExitCode code : values()) {
            all.put(code, code.meaning);
        }
        return all;
    }
}
