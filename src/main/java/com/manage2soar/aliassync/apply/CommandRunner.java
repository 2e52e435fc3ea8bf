package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command (postmap, postfix reload) without a shell, collecting its output. */
public interface CommandRunner {
    record Result(int exitCode, String output) {}

    Result run(List<String> argv) throws IOException, InterruptedException;

    /** The real thing: argv as given, stderr merged into stdout, killed after five minutes. */
    CommandRunner SYSTEM = argv -> {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, "killed after 5 minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
    };
}
