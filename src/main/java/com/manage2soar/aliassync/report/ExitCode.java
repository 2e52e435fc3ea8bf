package com.manage2soar.aliassync.report;

import java.util.EnumMap;
import java.util.Map;

/** The job's exit codes (sysexits.h), the contract with cron and monitoring. README has the table. */
public enum ExitCode {
    OK(0, "maps are in sync: changes applied, or nothing to change"),
    CHECK_FAILED(1, "check only: a finding FAILed"),
    CHANGES_PENDING(2, "--dry-run --detailed-exitcode: changes are pending"),
    USAGE(64, "bad command line"),
    DATA(65, "the API sent data that cannot be used, or a safety check refused the plan"),
    UNAVAILABLE(69, "no club could be fetched (API down); files untouched"),
    SOFTWARE(70, "internal error (a bug): stack trace in the log"),
    COMMAND_FAILED(71, "postmap or the reload command failed; previous maps kept where possible"),
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

    /** Every code with its meaning, in the order of the codes: the list {@code --help} prints. */
    public static Map<ExitCode, String> meanings() {
        Map<ExitCode, String> all = new EnumMap<>(ExitCode.class);
        for (ExitCode code : values()) {
            all.put(code, code.meaning);
        }
        return all;
    }
}
