package com.manage2soar.aliassync;

import com.manage2soar.aliassync.apply.CommandRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole command in-process on two clubs whose API answers are files ({@code file:} URLs), maps as
 * texthash under a temp directory, no reload: what a hostile answer or config does, with no network.
 */
final class HostileRun implements AutoCloseable {
    static final String KEY = "s3cret-k3y-0815";

    final Path dir;
    final Path config;
    String out = "";
    String log = "";

    HostileRun(String extraConfig) throws IOException {
        dir = Files.createTempDirectory("m2s-hostile");
        Files.createDirectories(dir.resolve("postfix"));
        Files.createDirectories(dir.resolve("rspamd"));
        Files.createDirectories(dir.resolve("api"));
        answer("c2", "{\"lists\": {\"members\": [\"a@mail.example.net\", \"b@mail.example.net\"]},"
                + " \"whitelist\": [\"a@mail.example.net\"], \"bypass_lists\": [\"members\"]}");
        answer("c1", "{\"lists\": {}}");
        // The real postconf, reading an empty main.cf (Postfix's defaults): without one it sleeps 1 s before failing.
        Path postconf = Files.createDirectories(dir.resolve("bin")).resolve("postconf");
        Files.writeString(postconf, "#!/bin/sh\nexec /usr/sbin/postconf -c " + SyncIntegrationTest.postfixConfig() + " \"$@\"\n");
        Files.setPosixFilePermissions(postconf, PosixFilePermissions.fromString("rwx------"));
        config = dir.resolve("config.yml");
        Files.writeString(config, extraConfig + """
                default_auth_token: "%2$s"
                postfix_virtual_file: %1$s/postfix/virtual
                postfix_whitelist_file: %1$s/postfix/sender_whitelist
                postfix_recipient_check_file: %1$s/postfix/recipient_whitelist_check
                rspamd_whitelist_dir: %1$s/rspamd
                admin_email: postmaster@example.org
                map_type: texthash
                postmap_command: %1$s/bin/postmap
                reload_command: []
                lock_file: %1$s/lock
                state_dir: %1$s/state
                clubs:
                  - { prefix: c1, domains: [c1.example.org], api_url: 'file:%1$s/api/c1.json' }
                  - { prefix: c2, domains: [c2.example.org, c2.example.net], api_url: 'file:%1$s/api/c2.json' }
                """.formatted(dir, KEY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    void answer(String club, String body) throws IOException {
        answer(club, body.getBytes(StandardCharsets.UTF_8));
    }

    void answer(String club, byte[] body) throws IOException {
        Files.write(dir.resolve("api/" + club + ".json"), body);
    }

    int run(String... args) {
        return run(CommandRunner.SYSTEM, Map.of(), args);
    }

    int run(CommandRunner commands, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(argv.toArray(String[]::new), new PrintWriter(stdout), new PrintWriter(stderr), env, commands);
        out = stdout.toString();
        log = stderr.toString();
        return code;
    }

    /** The maps the job wrote (not its temporary files). */
    List<Path> maps() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(dir.resolve("postfix")), Files.list(dir.resolve("rspamd")))) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
