package com.manage2soar.aliassync;

import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.report.ExitCode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the command line asks for. Parsed by hand: a dozen options do not need a framework, and the
 * one we had (picocli, whose Java 5 class files the JVM cannot keep in the AOT cache) cost about 85 ms
 * of every start, close to half of a no-op run's budget.
 */
sealed interface Invocation {
    String NAME = "m2s-sync-aliases";

    record Sync(Path config, SyncJob.Options options, Verbosity verbosity) implements Invocation {}

    record Check(Path config) implements Invocation {}

    record Help(String text) implements Invocation {}

    record Version() implements Invocation {}

    /** The bash completion script, for packaging; not in --help, as admins get it installed. */
    record Completion() implements Invocation {}

    enum Verbosity { QUIET, NORMAL, VERBOSE }

    /** A command line that cannot be run; the message says why. */
    final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    String OPTIONS = """
            Options:
              -c, --config FILE      Config file (default: %s).
                  --dry-run          Print the plan and stop: write nothing, run nothing.
                  --detailed-exitcode
                                     With --dry-run: exit 2 when changes are pending.
                  --force            Apply a plan that a safety check refused (mass removal, emptied list).
              -v, --verbose          Log more detail: each retry, each file, every planned change.
              -q, --quiet            Log errors only.
              -h, --help             Show this help and exit.
              -V, --version          Print the version and exit.
            """.formatted(ConfigLoader.DEFAULT_FILE);

    String HELP = """
            Usage: %1$s [-c FILE] [--dry-run [--detailed-exitcode]] [--force] [-v | -q]
                   %1$s check [-c FILE]
                   %1$s --help | --version
            Keeps Postfix mailing-list maps in step with the Manage2Soar membership of every club.
            Fetches each club's lists, plans the changes to the maps, and applies only those
            (atomic write, postmap, one Postfix reload).

            %2$s
            Commands:
              check                  Check the setup without changing anything (see: %1$s check --help).

            Exit codes:
            %3$s
            """.formatted(NAME, OPTIONS, Arrays.stream(ExitCode.values())
                    .map(c -> String.format("  %3d  %s", c.code(), c.meaning()))
                    .collect(Collectors.joining("\n")));

    String CHECK_HELP = """
            Usage: %1$s check [-c FILE]
            Checks the setup without changing anything: config, every club's API and key, postmap and
            the reload command, writable directories, and that Postfix's main.cf uses these maps with
            this map type (through postconf).

            Options:
              -c, --config FILE      Config file (default: %2$s).
              -h, --help             Show this help and exit.

            Exit codes:
                0  nothing FAILed (warnings allowed)
                1  something FAILed
               78  the config is unusable
            """.formatted(NAME, ConfigLoader.DEFAULT_FILE);

    static Invocation parse(List<String> args) throws UsageException {
        if (!args.isEmpty() && args.get(0).equals("check")) {
            return parseCheck(args.subList(1, args.size()));
        }
        if (args.equals(List.of("generate-completion"))) {
            return new Completion();
        }
        Path config = ConfigLoader.DEFAULT_FILE;
        boolean dryRun = false;
        boolean detailedExitCode = false;
        boolean force = false;
        boolean verbose = false;
        boolean quiet = false;
        for (Arguments in = new Arguments(args); in.hasNext(); ) {
            String arg = in.next();
            switch (arg) {
                case "-h", "--help" -> {
                    return new Help(HELP);
                }
                case "-V", "--version" -> {
                    return new Version();
                }
                case "-c", "--config" -> config = in.value(arg);
                case "--dry-run" -> dryRun = true;
                case "--detailed-exitcode" -> detailedExitCode = true;
                case "--force" -> force = true;
                case "-v", "--verbose" -> verbose = true;
                case "-q", "--quiet" -> quiet = true;
                default -> throw unknown(arg);
            }
        }
        if (detailedExitCode && !dryRun) {
            throw new UsageException("--detailed-exitcode needs --dry-run");
        }
        if (verbose && quiet) {
            throw new UsageException("--verbose and --quiet exclude each other");
        }
        return new Sync(config, new SyncJob.Options(dryRun, detailedExitCode, force),
                verbose ? Verbosity.VERBOSE : quiet ? Verbosity.QUIET : Verbosity.NORMAL);
    }

    private static Invocation parseCheck(List<String> args) throws UsageException {
        Path config = ConfigLoader.DEFAULT_FILE;
        for (Arguments in = new Arguments(args); in.hasNext(); ) {
            String arg = in.next();
            switch (arg) {
                case "-h", "--help" -> {
                    return new Help(CHECK_HELP);
                }
                case "-c", "--config" -> config = in.value(arg);
                default -> throw unknown(arg);
            }
        }
        return new Check(config);
    }

    private static UsageException unknown(String arg) {
        return new UsageException(arg.startsWith("-") ? "unknown option " + arg : "unexpected argument '" + arg + "'");
    }

    /**
     * The arguments one at a time; {@code --config=FILE} is split into {@code --config FILE}, while any
     * other {@code --flag=x} stays whole and so is an unknown option rather than a silently ignored value.
     */
    final class Arguments {
        private final List<String> args;
        private int next;
        private String pendingValue;

        Arguments(List<String> args) {
            this.args = args;
        }

        boolean hasNext() {
            return next < args.size();
        }

        String next() {
            String arg = args.get(next++);
            int equals = arg.indexOf('=');
            if (equals > 0 && arg.substring(0, equals).equals("--config")) {
                pendingValue = arg.substring(equals + 1);
                return arg.substring(0, equals);
            }
            pendingValue = null;
            return arg;
        }

        Path value(String option) throws UsageException {
            String value = pendingValue;
            if (value == null) {
                if (!hasNext()) {
                    throw new UsageException(option + " needs a value: " + option + " FILE");
                }
                value = args.get(next++);
            }
            pendingValue = null;
            if (value.isEmpty()) {
                throw new UsageException(option + " needs a value: " + option + " FILE");
            }
            return Path.of(value);
        }
    }
}
