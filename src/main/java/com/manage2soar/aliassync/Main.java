package com.manage2soar.aliassync;

import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.api.HttpClients;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.config.ConfigException;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.check.CheckCommand;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.Logging;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line. {@link #run} is the whole program and returns the exit code; only main exits. */
@Command(name = "m2s-sync-aliases", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Keeps Postfix mailing-list maps in step with the Manage2Soar membership of every club.",
                "Fetches each club's lists, plans the changes to the maps, and applies only those "
                        + "(atomic write, postmap, one Postfix reload)."},
        exitCodeListHeading = "%nExit codes:%n")
public final class Main implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config = ConfigLoader.DEFAULT_FILE;

    @Option(names = "--dry-run", description = "Print the plan and stop: write nothing, run nothing.")
    boolean dryRun;

    @Option(names = "--detailed-exitcode", description = "With --dry-run: exit 2 when changes are pending.")
    boolean detailedExitCode;

    @Option(names = "--force", description = "Apply a plan that a safety check refused (mass removal, emptied list).")
    boolean force;

    @Option(names = {"-v", "--verbose"}, description = "Log more detail (each retry, each file).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log errors only.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final CommandRunner commands;
    private final PrintWriter out;

    private Main(Map<String, String> env, CommandRunner commands, PrintWriter out) {
        this.env = env;
        this.commands = commands;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                CommandRunner.SYSTEM));
    }

    /** The whole program; {@code commands} runs postmap and the reload command. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
            CommandRunner commands) {
        Main main = new Main(env, commands, out);
        CommandLine cli = new CommandLine(main);
        Map<String, String> codes = new LinkedHashMap<>();
        Arrays.stream(ExitCode.values()).forEach(c -> codes.put(String.format("%3d", c.code()), c.meaning()));
        cli.getCommandSpec().usageMessage().exitCodeList(codes);
        cli.addSubcommand("check", new CheckCommand(env, commands, out));
        // The bash completion script, for packaging (hidden: admins get it installed, not run by hand).
        cli.addSubcommand(new AutoComplete.GenerateCompletion());
        CommandLine completion = cli.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage().hidden(true);
        for (CommandLine command : List.of(cli, cli.getSubcommands().get("check"), completion)) {
            command.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE.code());
            command.getCommandSpec().exitCodeOnExecutionException(ExitCode.SOFTWARE.code());
        }
        // Set after the subcommands are added: picocli hands these settings only to the subcommands it has.
        cli.setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    LoggerFactory.getLogger(Main.class).error("internal error (a bug; please report it)", e);
                    return ExitCode.SOFTWARE.code();
                });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (detailedExitCode && !dryRun) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--detailed-exitcode needs --dry-run");
        }
        if (verbose && quiet) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--verbose and --quiet exclude each other");
        }
        Logging.configure(verbose ? "debug" : quiet ? "error" : "info");
        SyncConfig loaded;
        try {
            loaded = new ConfigLoader(env).load(config);
        } catch (ConfigException e) {
            LoggerFactory.getLogger(Main.class).error("config: {}", e.getMessage());
            return ExitCode.CONFIG.code();
        }
        ClubFetcher fetcher = new ClubFetcher(loaded.http(), () -> HttpClients.create(loaded.http()));
        SyncJob job = new SyncJob(loaded, fetcher, commands);
        return job.run(new SyncJob.Options(dryRun, detailedExitCode, force), out).code();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"m2s-sync-aliases " + (version == null ? "(development build)" : version),
                    "Java " + Runtime.version()};
        }
    }
}
