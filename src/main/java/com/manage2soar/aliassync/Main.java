package com.manage2soar.aliassync;

import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.api.HttpClients;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.check.CheckCommand;
import com.manage2soar.aliassync.config.ConfigException;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.Reporter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The command line. {@link #run} is the whole program and returns the exit code; only main exits. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                CommandRunner.SYSTEM));
    }

    /** The whole program; {@code commands} runs postmap, postconf and the reload command. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
            CommandRunner commands) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(List.of(args));
        } catch (ParameterException e) {
            return usageError(e, err);
        }
        Reporter.Binding log = Reporter.of(logLevel(invocation), err, env).bind();
        try {
            return execute(invocation, env, commands, out);
        } finally {
            log.close();
        }
    }

    private static int execute(Invocation invocation, Map<String, String> env, CommandRunner commands,
            PrintWriter out) {
        try {
            return switch (invocation) {
                case Invocation.Help help -> print(out, help.text());
                case Invocation.Version version -> print(out, version());
                case Invocation.Completion completion -> print(out, completion.script());
                case Invocation.Check check -> new CheckCommand(env, commands, out).run(check.config());
                case Invocation.Sync sync -> sync(sync, env, commands, out);
            };
        } catch (RuntimeException | Error e) {
            if (outOfMemory(e)) {
                // Not a bug but too little heap for this many clubs: say what to raise. Each map on disk is complete.
                LoggerFactory.getLogger(Main.class).error("out of memory: this run needs more than the JVM's maximum "
                        + "heap of {} MB; give it more with JAVA_OPTS=-Xmx... (the launcher allows half the RAM). Each "
                        + "map stays complete, old or new", Runtime.getRuntime().maxMemory() >> 20);
                return ExitCode.SOFTWARE.code();
            }
            // The log backend shows its class and where it was thrown (the trace with -v), never its message.
            LoggerFactory.getLogger(Main.class).error("internal error (a bug; please report it)", e);
            return ExitCode.SOFTWARE.code();
        }
    }

    /** Whether {@code e} is, or was caused by, running out of heap: in a fetch or a pool's thread it arrives wrapped. */
    private static boolean outOfMemory(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** The log of a sync follows -q/-v; check reports on stdout and logs errors only. */
    private static Level logLevel(Invocation invocation) {
        if (!(invocation instanceof Invocation.Sync sync)) {
            return Level.ERROR;
        }
        return switch (sync.verbosity()) {
            case QUIET -> Level.ERROR;
            case NORMAL -> Level.INFO;
            case VERBOSE -> Level.DEBUG;
        };
    }

    private static int sync(Invocation.Sync sync, Map<String, String> env, CommandRunner commands, PrintWriter out) {
        SyncConfig config;
        try {
            config = new ConfigLoader(env).load(sync.config());
        } catch (ConfigException e) {
            LoggerFactory.getLogger(Main.class).error("config: {}", e.getMessage());
            return ExitCode.CONFIG.code();
        }
        ClubFetcher fetcher = new ClubFetcher(config.http(), () -> HttpClients.create(config.http(), config.sources()));
        return new SyncJob(config, fetcher, commands).run(sync.options(), out).code();
    }

    /** What is wrong, picocli's guess at what was meant, and where to look: short, for a cron mail. */
    private static int usageError(ParameterException e, PrintWriter err) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println(command + ": " + e.getMessage().replaceFirst("^Error: ", ""));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** The property, not {@code Runtime.version()}, whose formatting spins lambdas at start-up. */
    static String version() {
        return CommandModel.NAME + " " + BuildInfo.VERSION + "\n" + "Java " + System.getProperty("java.runtime.version") + "\n";
    }

    private static int print(PrintWriter out, String text) {
        out.print(text);
        out.flush();
        return ExitCode.OK.code();
    }
}
