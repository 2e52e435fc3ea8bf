package com.manage2soar.aliassync;

import com.manage2soar.aliassync.check.CheckCommand;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.report.ExitCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line, declared once: the parser, {@code --help} (and so the man page, which help2man
 * makes from it), the exit-code list and the bash completion all read this model. Built through
 * picocli's programmatic API: annotations would be found by reflection on every start.
 */
final class CommandModel {
    static final String NAME = "m2s-sync-aliases";
    static final String CHECK = "check";
    /** Prints the bash completion script, for packaging; hidden, as admins get it installed. */
    static final String COMPLETION = "generate-completion";

    static final String CONFIG = "--config";
    static final String DRY_RUN = "--dry-run";
    static final String DETAILED_EXITCODE = "--detailed-exitcode";
    static final String FORCE = "--force";
    static final String VERBOSE = "--verbose";
    static final String QUIET = "--quiet";

    private CommandModel() {}

    static CommandLine create() {
        CommandSpec sync = command(NAME, ExitCode.meanings(),
                "Keeps Postfix mailing-list maps in step with the Manage2Soar membership of every club.",
                "Fetches each club's lists, plans the changes to the maps, and applies only those "
                        + "(atomic write, postmap, one Postfix reload).")
                .addOption(config())
                .addArgGroup(group(false, flag("Print the plan and stop: write nothing, run nothing.", DRY_RUN)
                        .required(true).build(),
                        flag("With --dry-run: exit 2 when changes are pending.", DETAILED_EXITCODE).build()))
                .addOption(flag("Apply a plan that a safety check refused (mass removal, emptied list).", FORCE).build())
                .addArgGroup(group(true,
                        flag("Log more detail: each retry, each file, every planned change.", "-v", VERBOSE).build(),
                        flag("Log errors only.", "-q", QUIET).build()))
                .addOption(help())
                .addOption(flag("Print the version and exit.", "-V", "--version").versionHelp(true).build());
        sync.addSubcommand(CHECK, command(CHECK, CheckCommand.EXIT_CODES, CheckCommand.DESCRIPTION)
                .addOption(config()).addOption(help()));
        CommandSpec completion = command(COMPLETION, Map.of(), "Prints the bash completion script.").addOption(help());
        completion.usageMessage().hidden(true);
        sync.addSubcommand(COMPLETION, completion);
        return new CommandLine(sync).setExpandAtFiles(false);
    }

    private static CommandSpec command(String name, Map<ExitCode, String> exitCodes, String... description) {
        CommandSpec spec = CommandSpec.create().name(name);
        UsageMessageSpec usage = spec.usageMessage().description(description).sortOptions(false)
                .descriptionHeading("%n").optionListHeading("%nOptions:%n").commandListHeading("%nCommands:%n");
        if (!exitCodes.isEmpty()) {
            Map<String, String> codes = new LinkedHashMap<>();
            exitCodes.forEach((code, meaning) -> codes.put(String.format("%3d", code.code()), meaning));
            usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
        return spec;
    }

    private static OptionSpec help() {
        return flag("Show this help and exit.", "-h", "--help").usageHelp(true).build();
    }

    private static OptionSpec config() {
        return OptionSpec.builder("-c", CONFIG).paramLabel("FILE").type(Path.class)
                .defaultValue(ConfigLoader.DEFAULT_FILE.toString())
                .converters(value -> {
                    if (value.isEmpty()) {
                        throw new TypeConversionException("the file name is empty");
                    }
                    return Path.of(value);
                })
                .description("The config file.", "Default: ${DEFAULT-VALUE}").build();
    }

    private static OptionSpec.Builder flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).description(description);
    }

    /** Options used together (--dry-run, then optionally --detailed-exitcode) or exclusive (-v | -q). */
    private static ArgGroupSpec group(boolean exclusive, OptionSpec... options) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().exclusive(exclusive).multiplicity("0..1");
        for (OptionSpec option : options) {
            group.addArg(option);
        }
        return group.build();
    }
}
