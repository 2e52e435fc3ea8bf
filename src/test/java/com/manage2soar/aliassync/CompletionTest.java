package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.manage2soar.aliassync.apply.CommandRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion the Debian package installs, run by a real bash as it completes a command line. */
class CompletionTest {
    @TempDir
    Path dir;

    @Test
    void bashCompletesSubcommandsAndOptions() throws Exception {
        Path script = dir.resolve("m2s-sync-aliases");
        Files.writeString(script, main("generate-completion"));

        assertEquals("check", complete(script, "m2s-sync-aliases ch"));
        assertEquals("--dry-run", complete(script, "m2s-sync-aliases --dry"));
        assertEquals("--config", complete(script, "m2s-sync-aliases check --conf"));
        Files.writeString(dir.resolve("site.yml"), "");
        assertEquals(dir.resolve("site.yml").toString(), complete(script, "m2s-sync-aliases -c " + dir.resolve("si")));
    }

    @Test
    void helpDoesNotListTheCompletionGenerator() {
        assertFalse(main("--help").contains("generate-completion"));
    }

    static String main(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(), CommandRunner.SYSTEM);
        assertEquals(0, code, String.join(" ", args));
        return out.toString();
    }

    /** What bash offers for TAB at the end of {@code line}: the completion's words, one a line. */
    static String complete(Path script, String line) throws Exception {
        String bash = """
                source "$1"
                compopt() { :; }  # the builtin works only inside a completion bash started itself
                COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
                read -r -a COMP_WORDS <<< "$COMP_LINE"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                "$(sed -n 's/^complete -F \\([^ ]*\\) .*/\\1/p' "$1")"
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
        Process p = new ProcessBuilder("bash", "-c", bash, "bash", script.toString(), line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), output);
        return output;
    }
}
