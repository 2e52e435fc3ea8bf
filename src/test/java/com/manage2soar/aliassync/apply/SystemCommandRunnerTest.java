package com.manage2soar.aliassync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: a hung command is killed with all it started, a lingering child cannot hold the job. */
public class SystemCommandRunnerTest {
    @TempDir
    Path dir;

    final CommandRunner commands = CommandRunner.system(Map.of("PATH", "/usr/bin:/bin"));

    private Path script(String body) throws IOException {
        Path file = dir.resolve("command");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private long backgroundPid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("bg.pid")).strip());
    }

    /** Running, not a zombie: a killed orphan may wait for a reaper that a container does not have. */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void killTheBackgroundChild() throws IOException {
        if (Files.exists(dir.resolve("bg.pid"))) {
            ProcessHandle.of(backgroundPid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aCommandPastItsLimitIsKilledWithTheGrandchildItLeftInTheBackground() throws Exception {
        // The subshell exits at once, so the sleep is no descendant of the command any more: only its
        // process group still ties it to the command.
        Path command = script("(sleep 1000 & echo $! > " + dir.resolve("bg.pid") + ")\necho working\nsleep 1000");
        long start = System.nanoTime();
        var e = assertThrows(CommandRunner.TimeoutException.class, () -> commands.run(List.of(command.toString()),
                Duration.ofSeconds(1)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5000, millis + " ms");
        assertEquals(command + " did not finish within 1 s: killed with every process it started", e.getMessage());
        long pid = backgroundPid();
        for (int i = 0; i < 50 && running(pid); i++) {
            Thread.sleep(20);
        }
        assertFalse(running(pid), "the background grandchild " + pid + " still runs");
    }

    @Test
    void aBackgroundChildThatKeepsTheOutputOpenDoesNotHoldTheJob() throws Exception {
        Path command = script("sleep 1000 & echo $! > " + dir.resolve("bg.pid") + "\necho done\necho said >&2");
        CommandRunner.Result result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> commands.run(List.of(command.toString()), Duration.ofSeconds(60)));
        assertEquals(new CommandRunner.Result(0, "done", "said"), result);
        assertTrue(running(backgroundPid()), "left alone: not ours to kill once the command has exited");
    }

    @Test
    void childrenGetTheEnvironmentWithoutTheApiKey() throws Exception {
        CommandRunner withKey = CommandRunner.system(Map.of("M2S_API_KEY", "s3cret-key-4711", "PATH", "/usr/bin:/bin",
                "LANG", "C.UTF-8"));
        String env = withKey.run(List.of("/usr/bin/env"), Duration.ofSeconds(10)).stdout();
        assertTrue(env.contains("LANG=C.UTF-8"), env);
        assertFalse(env.contains("s3cret-key-4711"), env);
        assertFalse(env.contains("M2S_API_KEY"), env);
    }

    @Test
    void aMissingCommandIsAnIoErrorNotAnExitCode() {
        var e = assertThrows(IOException.class, () -> commands.run(List.of("/nonexistent/postmap"), Duration.ofSeconds(1)));
        assertEquals("no such executable file", e.getMessage());
    }
}
