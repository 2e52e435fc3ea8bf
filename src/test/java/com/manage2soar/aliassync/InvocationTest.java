package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.Invocation.Verbosity;
import com.manage2soar.aliassync.config.ConfigLoader;
import com.manage2soar.aliassync.report.ExitCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InvocationTest {
    private static Invocation parse(String... args) throws Invocation.UsageException {
        return Invocation.parse(List.of(args));
    }

    @Test
    void noArgumentsSyncsWithTheDefaultConfig() throws Exception {
        assertEquals(new Invocation.Sync(ConfigLoader.DEFAULT_FILE, new SyncJob.Options(false, false, false),
                Verbosity.NORMAL), parse());
    }

    @Test
    void everySyncOptionIsRead() throws Exception {
        assertEquals(new Invocation.Sync(Path.of("a.yml"), new SyncJob.Options(true, true, true), Verbosity.VERBOSE),
                parse("--dry-run", "-c", "a.yml", "--detailed-exitcode", "--force", "-v"));
        assertEquals(new Invocation.Sync(Path.of("b.yml"), new SyncJob.Options(false, false, false), Verbosity.QUIET),
                parse("--config=b.yml", "--quiet"));
        assertEquals(new Invocation.Sync(Path.of("c.yml"), new SyncJob.Options(false, false, false), Verbosity.VERBOSE),
                parse("--config", "c.yml", "--verbose"));
    }

    @Test
    void checkTakesItsOwnConfigOption() throws Exception {
        assertEquals(new Invocation.Check(ConfigLoader.DEFAULT_FILE), parse("check"));
        assertEquals(new Invocation.Check(Path.of("x.yml")), parse("check", "--config", "x.yml"));
        assertEquals(new Invocation.Check(Path.of("y.yml")), parse("check", "-c", "y.yml"));
        assertEquals(new Invocation.Help(Invocation.CHECK_HELP), parse("check", "--help"));
    }

    @Test
    void helpAndVersionWinOverEverythingElse() throws Exception {
        assertEquals(new Invocation.Help(Invocation.HELP), parse("--dry-run", "-h"));
        assertEquals(new Invocation.Version(), parse("-V"));
        assertEquals(new Invocation.Completion(), parse("generate-completion"));
    }

    @Test
    void helpListsEveryExitCode() {
        for (ExitCode code : ExitCode.values()) {
            assertTrue(Invocation.HELP.contains(String.format("  %3d  %s", code.code(), code.meaning())), code.name());
        }
        assertTrue(!Invocation.HELP.contains("generate-completion"), "the completion generator is for packaging");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--no-such-option           | unknown option --no-such-option",
        "--dry-run=yes              | unknown option --dry-run=yes",
        "extra                      | unexpected argument 'extra'",
        "--config                   | --config needs a value: --config FILE",
        "--config=                  | --config needs a value: --config FILE",
        "--detailed-exitcode        | --detailed-exitcode needs --dry-run",
        "-v -q                      | --verbose and --quiet exclude each other",
        "check --dry-run            | unknown option --dry-run",
        "generate-completion -v     | unexpected argument 'generate-completion'",
    })
    void aBadCommandLineSaysWhatIsWrong(String args, String message) {
        var e = assertThrows(Invocation.UsageException.class, () -> parse(args.split(" ")));
        assertEquals(message, e.getMessage());
    }
}
