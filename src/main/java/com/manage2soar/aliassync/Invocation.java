package com.manage2soar.aliassync;

import com.manage2soar.aliassync.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** What the command line asks for, as {@link CommandModel} reads it. */
sealed interface Invocation {
    record Sync(Path config, SyncJob.Options options, Verbosity verbosity) implements Invocation {}

    record Check(Path config) implements Invocation {}

    /** {@code --help} of {@code command}: the root command or a subcommand. */
    record Help(CommandLine command) implements Invocation {
        String text() {
            return command.getUsageMessage(Ansi.OFF);
        }
    }

    record Version() implements Invocation {}

    /** The bash completion script of {@code root}, for packaging. */
    record Completion(CommandLine root) implements Invocation {
        String script() {
            return AutoComplete.bash(CommandModel.NAME, root);
        }
    }

    enum Verbosity { QUIET, NORMAL, VERBOSE }

    /** @throws ParameterException when the command line cannot be run; its message says why */
    static Invocation parse(List<String> args) {
        CommandLine root = CommandModel.create();
        ParseResult parsed = root.parseArgs(args.toArray(String[]::new));
        if (!parsed.hasSubcommand()) {
            return sync(parsed);
        }
        ParseResult sub = parsed.subcommand();
        if (!parsed.matchedArgs().isEmpty()) {
            throw new ParameterException(root, "'" + sub.commandSpec().name() + "' must come first: "
                    + sub.commandSpec().qualifiedName() + " [OPTIONS]");
        }
        if (sub.isUsageHelpRequested()) {
            return new Help(sub.commandSpec().commandLine());
        }
        return switch (sub.commandSpec().name()) {
            case CommandModel.CHECK -> new Check(config(sub));
            default -> new Completion(root);
        };
    }

    private static Invocation sync(ParseResult parsed) {
        if (parsed.isUsageHelpRequested()) {
            return new Help(parsed.commandSpec().commandLine());
        }
        if (parsed.isVersionHelpRequested()) {
            return new Version();
        }
        Verbosity verbosity = parsed.hasMatchedOption(CommandModel.VERBOSE) ? Verbosity.VERBOSE
                : parsed.hasMatchedOption(CommandModel.QUIET) ? Verbosity.QUIET : Verbosity.NORMAL;
        SyncJob.Options options = SyncJob.Options.NONE.withDryRun(parsed.hasMatchedOption(CommandModel.DRY_RUN))
                .withDetailedExitCode(parsed.hasMatchedOption(CommandModel.DETAILED_EXITCODE))
                .withForce(parsed.hasMatchedOption(CommandModel.FORCE));
        return new Sync(config(parsed), options, verbosity);
    }

    private static Path config(ParseResult parsed) {
        return parsed.matchedOptionValue(CommandModel.CONFIG, ConfigLoader.DEFAULT_FILE);
    }
}
