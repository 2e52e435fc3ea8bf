package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs commands as their own process group, so that a time limit can kill everything a command started,
 * including a background child whose parent has already exited (Java has no setsid: {@code /usr/bin/setsid}
 * does it, and {@code kill -- -PGID} kills the group). Output goes to unlinked temporary files rather than
 * pipes: a background child that keeps the output open cannot make the job wait for an end of file.
 */
final class SystemCommandRunner implements CommandRunner {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path KILL = Path.of("/bin/kill");
    private static final int MAX_OUTPUT = 64 * 1024;
    private static final String SECRET_PREFIX = "M2S_";

    private final Map<String, String> env;

    SystemCommandRunner(Map<String, String> env) {
        this.env = env.entrySet().stream().filter(e -> !e.getKey().startsWith(SECRET_PREFIX))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public Result run(List<String> argv, Duration limit) throws IOException, InterruptedException {
        String program = argv.get(0);
        if (program.contains("/") && !Files.isExecutable(Path.of(program))) {
            throw new IOException("no such executable file");
        }
        Path stdout = Files.createTempFile("m2s-command-", ".out");
        Path stderr = Files.createTempFile("m2s-command-", ".err");
        try (FileChannel out = FileChannel.open(stdout, StandardOpenOption.READ);
                FileChannel err = FileChannel.open(stderr, StandardOpenOption.READ)) {
            Process process = start(argv, stdout, stderr);
            Files.delete(stdout);
            Files.delete(stderr);
            boolean exited = false;
            try {
                exited = process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                if (!exited) {
                    killGroup(process);
                }
            }
            if (!exited) {
                throw new TimeoutException(argv, limit);
            }
            return new Result(process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private Process start(List<String> argv, Path stdout, Path stderr) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * SIGKILL to the command's process group (setsid made the command its leader, so the group id is its pid),
     * then to whatever descends from it still, for a system without setsid.
     */
    private static void killGroup(Process process) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder(KILL.toString(), "-s", "KILL", "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // no kill(1): the descendants below are what can still be reached
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** At most the first {@link #MAX_OUTPUT} bytes: a runaway command cannot fill the log or the heap. */
    private static String read(FileChannel file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_OUTPUT);
        while (buffer.hasRemaining() && file.read(buffer) > 0) {
            // fill up to the bound
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return file.size() > MAX_OUTPUT ? text + " … (output cut at " + MAX_OUTPUT + " bytes)" : text;
    }
}
