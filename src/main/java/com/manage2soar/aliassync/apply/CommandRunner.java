package com.manage2soar.aliassync.apply;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs an external command (postmap, postconf, postfix reload) without a shell, within a time limit. */
public interface CommandRunner {
    /** What the command printed; {@link #output()} is both streams, for error messages. */
    record Result(int exitCode, String stdout, String stderr) {
        public String output() {
            return (stdout + "\n" + stderr).strip();
        }
    }

    /** The command outlived its limit: it and every process it started were killed. */
    final class TimeoutException extends IOException {
        public TimeoutException(List<String> argv, Duration limit) {
            super(argv.get(0) + " did not finish within " + limit.toSeconds() + " s: killed with every process it started");
        }
    }

    /**
     * Runs {@code argv} and returns once it has exited, or throws {@link TimeoutException} once {@code limit}
     * has passed. A process it leaves behind in the background is not waited for.
     */
    Result run(List<String> argv, Duration limit) throws IOException, InterruptedException;

    /** The real thing, for this process's environment. */
    CommandRunner SYSTEM = system(System.getenv());

    /** The real thing: children get {@code env} without the job's secrets ({@code M2S_*}, the API key). */
    static CommandRunner system(Map<String, String> env) {
        return new SystemCommandRunner(env);
    }
}
