package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.report.ExitCode;
import com.manage2soar.aliassync.report.JournalStreams;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 10.2-10.4 through the whole command: the exit code and every line it prints. */
class HostileInputTest {
    private static final String MEMBER = "a@mail.example.net";

    @Test
    void aLockFileThatIsTheConfigIsRefusedAndTheConfigKept() throws IOException {
        try (HostileRun job = new HostileRun("")) {
            String yaml = Files.readString(job.config).replace(job.dir + "/lock", job.config.toString());
            Files.writeString(job.config, yaml);
            assertEquals(ExitCode.CONFIG.code(), job.run());
            assertEquals(yaml, Files.readString(job.config));
            assertTrue(job.log.contains("the config file itself and lock_file are the same file"), job.log);
        }
    }

    @Test
    void aMapSharedByTwoKeysIsAConfigErrorNotACrash() throws IOException {
        try (HostileRun job = new HostileRun("")) {
            Files.writeString(job.config, Files.readString(job.config)
                    .replace("/postfix/recipient_whitelist_check", "/postfix/sender_whitelist"));
            assertEquals(ExitCode.CONFIG.code(), job.run("-v"));
            assertTrue(job.log.contains("postfix_whitelist_file and postfix_recipient_check_file are the same file"),
                    job.log);
            assertFalse(job.log.contains(MEMBER) || job.log.contains("Exception"), job.log);
            assertEquals(0, job.maps().size(), "nothing written");
        }
    }

    @Test
    void aTaggedValueThatCannotBeBuiltIsAConfigErrorNotACrash() throws IOException {
        try (HostileRun job = new HostileRun("http: { retries: !!float " + HostileRun.KEY + " }\n")) {
            assertEquals(ExitCode.CONFIG.code(), job.run());
            assertTrue(job.log.contains("config.yml:1:18: not valid YAML: a value its tag !!float cannot be built from"),
                    job.log);
            assertFalse(job.log.contains(HostileRun.KEY), job.log);
        }
    }

    @Test
    void anInternalErrorShowsClassAndPlaceNeverTheMessage() throws IOException {
        try (HostileRun job = new HostileRun("")) {
            Files.writeString(job.config, Files.readString(job.config).replace("map_type: texthash", "map_type: hash"));
            CommandRunner buggy = (argv, limit) -> {
                throw new IllegalStateException("Duplicate key " + MEMBER + " " + HostileRun.KEY);
            };
            assertEquals(ExitCode.SOFTWARE.code(), job.run(buggy, Map.of()));
            assertTrue(job.log.contains(" ERROR internal error (a bug; please report it): java.lang.IllegalStateException"),
                    job.log);
            assertTrue(job.log.contains(" at com.manage2soar.aliassync."), job.log);
            assertTrue(job.log.strip().endsWith("(run with -v for the trace)"), job.log);
            assertFalse(job.log.contains(MEMBER) || job.log.contains(HostileRun.KEY), job.log);

            assertEquals(ExitCode.SOFTWARE.code(), job.run(buggy, Map.of(), "-v"));
            assertTrue(job.log.contains(" ERROR     at com.manage2soar.aliassync.Main.run("), "the trace with -v: " + job.log);
            assertFalse(job.log.contains(MEMBER) || job.log.contains(HostileRun.KEY), job.log);
        }
    }

    @Test
    void runningOutOfMemorySaysSoAndHowToGiveMoreNotThatItIsABug() throws IOException {
        try (HostileRun job = new HostileRun("")) {
            Files.writeString(job.config, Files.readString(job.config).replace("map_type: texthash", "map_type: hash"));
            CommandRunner starved = (argv, limit) -> {
                throw new OutOfMemoryError("Java heap space");
            };
            assertEquals(ExitCode.SOFTWARE.code(), job.run(starved, Map.of()));
            assertTrue(job.log.contains(" ERROR out of memory: this run needs more than the JVM's maximum heap of "), job.log);
            assertTrue(job.log.contains("JAVA_OPTS=-Xmx"), job.log);
            assertFalse(job.log.contains("a bug"), job.log);

            // Where the heap runs out in a pool's thread (here, writing the maps), it arrives wrapped: said alike.
            CommandRunner starvedWriting = (argv, limit) -> {
                if (argv.getFirst().endsWith("postmap")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return CommandRunner.SYSTEM.run(argv, limit);
            };
            assertEquals(ExitCode.SOFTWARE.code(), job.run(starvedWriting, Map.of()));
            assertTrue(job.log.contains(" ERROR out of memory: this run needs more than the JVM's maximum heap of "), job.log);
            assertFalse(job.log.contains("a bug"), job.log);
        }
    }

    @Test
    void aHostileListNameCannotForgeALogLine() throws IOException {
        try (HostileRun job = new HostileRun("")) {
            job.answer("c1", "{\"lists\": {\"x\\n2026-01-01T00:00:00Z ERROR forged\": [\"" + MEMBER + "\"],"
                    + " \"caf\\u00e9\\u001b[2J\": [\"b\\r\\n@x.org\"]}}");
            assertEquals(0, job.run("-v"));
            assertFalse(job.log.lines().anyMatch(line -> line.startsWith("2026-01-01")), job.log);
            assertTrue(job.log.contains("x\\u000a2026-01-01T00:00:00Z ERROR forged"), job.log);
            assertTrue(job.log.contains("caf\\u00e9\\u001b[2J"), job.log);
            assertTrue(job.log.chars().allMatch(c -> c == '\n' || c >= ' ' && c < 0x7f), job.log);
        }
    }

    @Test
    void aParseErrorQuotingAHostileFieldNameCannotForgeALogLine() throws IOException {
        try (HostileRun job = new HostileRun("")) {
            String forged = "x\\r\\n2026-01-01T00:00:00Z ERROR forged\\u0000";
            job.answer("c1", "{\"lists\": {}, \"" + forged + "\": 1, \"" + forged + "\": 2}");
            assertEquals(ExitCode.PARTIAL.code(), job.run());
            assertTrue(job.log.contains("x\\u000d\\u000a2026-01-01T00:00:00Z ERROR forged\\u0000"), job.log);
            assertFalse(job.log.lines().anyMatch(line -> line.startsWith("2026-01-01")), job.log);
            assertTrue(job.log.chars().allMatch(c -> c == '\n' || c >= ' ' && c < 0x7f), job.log);
        }
    }

    @Test
    void eachInProcessRunLogsAtItsOwnVerbosityToItsOwnWriter() throws IOException {
        try (HostileRun job = new HostileRun("")) {
            assertEquals(0, job.run("-q"));
            assertEquals("", job.log);
            assertEquals(0, job.run("-v", "--dry-run"));
            assertTrue(job.log.contains(" DEBUG "), job.log);
            assertEquals(0, job.run("--dry-run"));
            assertTrue(job.log.contains(" INFO ") && !job.log.contains(" DEBUG "), job.log);
        }
    }

    @Test
    void underSystemdEveryLineCarriesItsPriority() throws Exception {
        try (HostileRun job = new HostileRun("")) {
            job.answer("c1", "{\"lists\": {\"bad name\": [\"" + MEMBER + "\"]}}");
            assertEquals(0, job.run(CommandRunner.SYSTEM,
                    Map.of("JOURNAL_STREAM", JournalStreams.ofThisProcessesStderr())));
            assertTrue(job.log.lines().allMatch(line -> line.matches("<[3467]>.*")), job.log);
            assertTrue(job.log.contains("<4>club c1, list 'bad name'") || job.log.lines().anyMatch(l -> l.startsWith("<4>")),
                    job.log);
            assertTrue(job.log.lines().anyMatch(l -> l.startsWith("<6>")), job.log);
        }
    }
}
