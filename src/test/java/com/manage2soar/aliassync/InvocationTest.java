package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.Invocation.Verbosity;
import com.manage2soar.aliassync.check.CheckCommand;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.report.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

class InvocationTest {
    private static Invocation parse(String... args) {
        return Invocation.parse(List.of(args));
    }

    private static String help(String... args) {
        return assertInstanceOf(Invocation.Help.class, parse(args)).text();
    }

    @Test
    void noArgumentsSyncsWithTheDefaultConfig() {
        assertEquals(new Invocation.Sync(ConfigLoader.DEFAULT_FILE, SyncJob.Options.NONE, Verbosity.NORMAL), parse());
    }

    @Test
    void everySyncOptionIsRead() {
        SyncJob.Options all = SyncJob.Options.NONE.withDryRun(true).withDetailedExitCode(true).withForce(true);
        assertEquals(new Invocation.Sync(Path.of("a.yml"), all, Verbosity.VERBOSE),
                parse("--dry-run", "-c", "a.yml", "--detailed-exitcode", "--force", "-v"));
        assertEquals(new Invocation.Sync(Path.of("b.yml"), SyncJob.Options.NONE, Verbosity.QUIET),
                parse("--config=b.yml", "--quiet"));
        assertEquals(new Invocation.Sync(Path.of("c.yml"), SyncJob.Options.NONE.withDryRun(true), Verbosity.VERBOSE),
                parse("--config", "c.yml", "--verbose", "--dry-run"));
        assertEquals(new Invocation.Sync(ConfigLoader.DEFAULT_FILE, SyncJob.Options.NONE, Verbosity.QUIET), parse("-q"));
    }

    @Test
    void checkTakesItsOwnConfigOption() {
        assertEquals(new Invocation.Check(ConfigLoader.DEFAULT_FILE), parse("check"));
        assertEquals(new Invocation.Check(Path.of("x.yml")), parse("check", "--config", "x.yml"));
        assertEquals(new Invocation.Check(Path.of("y.yml")), parse("check", "-c", "y.yml"));
        assertTrue(help("check", "--help").startsWith("Usage: m2s-sync-aliases check [-h] [-c=FILE]"),
                help("check", "--help"));
    }

    @Test
    void helpAndVersionWinOverEverythingElse() {
        assertTrue(help("--dry-run", "-h").startsWith("Usage: m2s-sync-aliases "), help("-h"));
        assertEquals(new Invocation.Version(), parse("-V"));
        assertEquals(new Invocation.Version(), parse("--force", "--version"));
        assertInstanceOf(Invocation.Completion.class, parse("generate-completion"));
    }

    @Test
    void helpListsEveryOptionCommandAndExitCode() {
        String help = help("--help");
        for (String option : List.of("-c, --config=FILE", "--dry-run", "--detailed-exitcode", "--force", "-v, --verbose",
                "-q, --quiet", "-h, --help", "-V, --version", "\n  check  ", "Default: " + ConfigLoader.DEFAULT_FILE)) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
        String synopsis = help.substring(0, help.indexOf("\n\n")).replaceAll("\\s+", " ");
        assertTrue(synopsis.contains(" [--dry-run [--detailed-exitcode]] [-v | -q] [COMMAND]"), synopsis);
        for (ExitCode code : ExitCode.values()) {
            assertTrue(help.contains(String.format("\n  %3d   %s", code.code(), code.meaning().substring(0, Math.min(16, code.meaning().length())))),
                    code + " in\n" + help);
        }
        assertFalse(help.contains("generate-completion"), "the completion generator is for packaging");
    }

    @Test
    void checkHelpListsChecksExitCodes() {
        String help = help("check", "-h");
        CheckCommand.EXIT_CODES.forEach((code, meaning) ->
                assertTrue(help.contains(String.format("\n  %3d   %s\n", code.code(), meaning)), code + " in\n" + help));
        assertFalse(help.contains("--dry-run"), help);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--no-such-option           | Unknown option: '--no-such-option'",
        "--dry-run=yes              | Invalid value for option '--dry-run': 'yes' is not a boolean",
        "extra                      | Unmatched argument at index 0: 'extra'",
        "--config                   | Missing required parameter for option '--config' (FILE)",
        "--config=                  | Invalid value for option '--config': the file name is empty",
        "-c a.yml -c b.yml          | option '--config' (FILE) should be specified only once",
        "--detailed-exitcode        | Error: Missing required argument(s): --dry-run",
        "-v -q                      | Error: --verbose, --quiet are mutually exclusive (specify only one)",
        "check --dry-run            | Unknown option: '--dry-run'",
        "--dry-run check            | 'check' must come first: m2s-sync-aliases check [OPTIONS]",
        "generate-completion -v     | Unknown option: '-v'",
        "@args.txt                  | Unmatched argument at index 0: '@args.txt'",
    })
    void aBadCommandLineSaysWhatIsWrong(String args, String message) {
        var e = assertThrows(ParameterException.class, () -> parse(args.split(" ")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aBadCommandLineExits64WithTheMessageASuggestionAndWhereToLook() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"check", "--conf", "x.yml"}, new PrintWriter(out), new PrintWriter(err),
                Map.of(), null);
        assertEquals(ExitCode.USAGE.code(), code);
        assertEquals("", out.toString());
        assertEquals("""
                m2s-sync-aliases check: Unknown options: '--conf', 'x.yml'
                Possible solutions: --config
                Try 'm2s-sync-aliases check --help' for more information.
                """, err.toString());
    }
}
