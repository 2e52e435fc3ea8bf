package com.manage2soar.aliassync.apply;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external command (postmap, postconf, postfix reload) without a shell. */
public interface CommandRunner {
    /** What the command printed; {@link #output()} is both streams, for error messages. */
    record Result(int exitCode, String stdout, String stderr) {
        public String output() {
            return (stdout + "\n" + stderr).strip();
        }
    }

    Result run(List<String> argv) throws IOException, InterruptedException;

    /** The real thing: argv as given, no stdin, killed after five minutes. */
    CommandRunner SYSTEM = argv -> {
        Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()),
                Thread.ofVirtual()::start);
        String stderr = read(process.getErrorStream());
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, "", "killed after 5 minutes");
        }
        return new Result(process.exitValue(), stdout.join(), stderr);
    };

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
