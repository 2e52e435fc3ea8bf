package com.manage2soar.aliassync.check;

import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.config.ConfigException;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.report.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The {@code check} subcommand: prints one finding a line; exit 0 when nothing failed, 1 otherwise. */
public final class CheckCommand {
    public static final String DESCRIPTION = "Checks the setup without changing anything: config, every club's API and key, "
            + "postmap and the reload command, writable directories, and that Postfix's main.cf uses these maps "
            + "with this map type (through postconf).";

    /** What each of check's exit codes means for check: --help lists them. */
    public static final Map<ExitCode, String> EXIT_CODES = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            ExitCode.OK, "nothing FAILed (warnings allowed)",
            ExitCode.CHECK_FAILED, "something FAILed",
            ExitCode.CONFIG, "the config is unusable")));

    private final Map<String, String> env;
    private final CommandRunner commands;
    private final PrintWriter out;

    public CheckCommand(Map<String, String> env, CommandRunner commands, PrintWriter out) {
        this.env = env;
        this.commands = commands;
        this.out = out;
    }

    public int run(Path config) {
        List<Finding> findings;
        try {
            findings = new Doctor(new ConfigLoader(env).load(config), commands).check();
        } catch (ConfigException e) {
            out.println(Finding.fail("config", e.getMessage(), "see config.example.yml for every key"));
            out.flush();
            return ExitCode.CONFIG.code();
        }
        findings.forEach(out::println);
        long failed = findings.stream().filter(f -> f.level() == Finding.Level.FAIL).count();
        long warned = findings.stream().filter(f -> f.level() == Finding.Level.WARN).count();
        out.println((failed == 0 ? "PASSED" : "FAILED") + ": " + (findings.size() - failed - warned) + " OK, "
                + warned + " WARN, " + failed + " FAIL");
        out.flush();
        return (failed == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED).code();
    }
}
