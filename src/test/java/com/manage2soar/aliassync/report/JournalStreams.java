package com.manage2soar.aliassync.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What systemd would put in JOURNAL_STREAM if this test JVM's stderr were its journal stream, asked of stat(1). */
public final class JournalStreams {
    private JournalStreams() {}

    public static String ofThisProcessesStderr() throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-L", "-c", "%d:%i", "/proc/" + ProcessHandle.current().pid() + "/fd/2")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String identity = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (stat.waitFor() != 0 || !identity.matches("\\d+:\\d+")) {
            throw new IOException("stat of this JVM's stderr said '" + identity + "'");
        }
        return identity;
    }
}
