package com.manage2soar.aliassync.check;

import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.config.ConfigException;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.Logging;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code check} subcommand: prints one finding a line; exit 0 when nothing failed, 1 otherwise. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the setup without changing anything: config, every club's API and key, "
                + "postmap and the reload command, writable directories, and that Postfix's main.cf uses "
                + "these maps with this map type (through postconf). Exit 0 when nothing FAILed "
                + "(warnings allowed), 1 when something did, 78 when the config is unusable."})
public final class CheckCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config = ConfigLoader.DEFAULT_FILE;

    private final Map<String, String> env;
    private final CommandRunner commands;
    private final PrintWriter out;

    public CheckCommand(Map<String, String> env, CommandRunner commands, PrintWriter out) {
        this.env = env;
        this.commands = commands;
        this.out = out;
    }

    @Override
    public Integer call() {
        Logging.configure("error");
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
        return failed == 0 ? 0 : 1;
    }
}
