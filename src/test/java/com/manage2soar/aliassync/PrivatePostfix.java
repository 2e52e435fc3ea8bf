package com.manage2soar.aliassync;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A Postfix of our own on loopback, configured as the Manage2Soar mail server is, every file of it under
 * one directory: {@code etc/} (main.cf, master.cf), {@code queue/}, {@code data/}, {@code postfix.log},
 * {@code maps/} (virtual, sender_whitelist, recipient_whitelist_check, of the given map type), and
 * {@code bin/} with postmap, postconf and reload wrappers that point at this instance and count their
 * calls. It relays all mail to an smtp-sink that dumps each message it receives to {@code sink/}.
 * Postfix starts only as root; the system's Postfix and /etc/postfix are never touched.
 */
final class PrivatePostfix implements AutoCloseable {
    static final String RELOADED = "reload -- version";
    private static final Path SBIN = Path.of("/usr/sbin");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Path dir;
    private final String mapType;
    private final int smtpPort;
    private final Process sink;

    private PrivatePostfix(Path dir, String mapType, int smtpPort, Process sink) {
        this.dir = dir;
        this.mapType = mapType;
        this.smtpPort = smtpPort;
        this.sink = sink;
    }

    /**
     * Starts an instance in {@code dir} (wiped first) that accepts mail for {@code domains}, its maps of
     * {@code mapType}; {@code extraMainCf} is appended to main.cf.
     */
    static PrivatePostfix start(Path dir, String mapType, List<String> domains, String extraMainCf) throws Exception {
        checkRootAndTools();
        dir = dir.toAbsolutePath();
        stopLeftover(dir);
        deleteRecursively(dir);
        for (String sub : List.of("etc", "queue", "data", "maps", "bin", "sink")) {
            Files.createDirectories(dir.resolve(sub));
        }
        UserPrincipal postfixUser = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        Files.setOwner(dir.resolve("data"), postfixUser); // Postfix insists on owning its data_directory
        Files.setOwner(dir.resolve("sink"), postfixUser); // smtp-sink drops root privileges to postfix

        int sinkPort = freePort();
        Process sink = new ProcessBuilder(SBIN.resolve("smtp-sink").toString(), "-u", "postfix",
                "-d", dir.resolve("sink") + "/msg.", "127.0.0.1:" + sinkPort, "10")
                .redirectErrorStream(true).redirectOutput(dir.resolve("smtp-sink.out").toFile()).start();
        PrivatePostfix postfix = new PrivatePostfix(dir, mapType, freePort(), sink);
        try {
            await("smtp-sink listening on " + sinkPort, () -> accepts(sinkPort), postfix::diagnostics);
            postfix.configure(sinkPort, domains, extraMainCf);
            Result types = run(SBIN.resolve("postconf").toString(), "-c", postfix.etc(), "-m");
            if (!types.output().lines().toList().contains(mapType)) {
                throw new AssertionError("Postfix has no " + mapType + " map type: apt-get install postfix-" + mapType);
            }
            Result started = run(SBIN.resolve("postfix").toString(), "-c", postfix.etc(), "start");
            if (started.code() != 0) {
                throw new AssertionError("postfix -c " + postfix.etc() + " start failed: " + started.output()
                        + postfix.diagnostics());
            }
            // Not a probe connection: that would start an smtpd that keeps the maps missing until reloaded.
            postfix.awaitLog("daemon started", 1);
            return postfix;
        } catch (Throwable e) {
            try {
                postfix.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void checkRootAndTools() throws Exception {
        int uid = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            throw new AssertionError("the Postfix end-to-end test must run as root (Postfix starts only as root); uid is " + uid);
        }
        for (String tool : List.of("postfix", "postconf", "postmap", "smtp-sink")) {
            if (!Files.isExecutable(SBIN.resolve(tool))) {
                throw new AssertionError(SBIN.resolve(tool) + " missing: apt-get install postfix");
            }
        }
    }

    /** An instance left running by a test run that was killed before it could stop it. */
    private static void stopLeftover(Path dir) throws Exception {
        if (Files.exists(dir.resolve("etc/main.cf"))) {
            run(SBIN.resolve("postfix").toString(), "-c", dir.resolve("etc").toString(), "stop");
        }
    }

    private void configure(int sinkPort, List<String> domains, String extraMainCf) throws IOException {
        String maps = mapType + ":" + maps();
        Files.writeString(dir.resolve("etc/main.cf"), """
                compatibility_level = 3.6
                queue_directory = %1$s/queue
                data_directory = %1$s/data
                # Without a log file Postfix logs to syslog only, and a failing start says nothing.
                maillog_file_prefixes = %1$s
                maillog_file = %1$s/postfix.log
                syslog_name = postfix-e2e-%2$s
                inet_interfaces = loopback-only
                inet_protocols = ipv4
                myhostname = mx.e2e.test
                mydestination =
                # The test client is an outside sender, as list mail's senders are.
                mynetworks =
                alias_maps =
                alias_database =
                relayhost = [127.0.0.1]:%3$d

                # As on the Manage2Soar mail server.
                virtual_alias_domains = %4$s
                virtual_alias_maps = %5$s/virtual
                smtpd_restriction_classes = whitelist_required
                whitelist_required = check_sender_access %5$s/sender_whitelist, reject
                smtpd_recipient_restrictions = check_recipient_access %5$s/recipient_whitelist_check, reject_unauth_destination
                %6$s""".formatted(dir, mapType, sinkPort, String.join(" ", domains), maps, extraMainCf));
        Files.writeString(dir.resolve("etc/master.cf"), """
                127.0.0.1:%d inet n - n - - smtpd
                cleanup   unix  n - n -   0 cleanup
                qmgr      unix  n - n 300 1 qmgr
                rewrite   unix  - - n -   - trivial-rewrite
                bounce    unix  - - n -   0 bounce
                defer     unix  - - n -   0 bounce
                trace     unix  - - n -   0 bounce
                verify    unix  - - n -   1 verify
                proxymap  unix  - - n -   - proxymap
                smtp      unix  - - n -   - smtp
                relay     unix  - - n -   - smtp
                error     unix  - - n -   - error
                retry     unix  - - n -   - error
                discard   unix  - - n -   - discard
                anvil     unix  - - n -   1 anvil
                scache    unix  - - n -   1 scache
                postlog   unix-dgram n - n - 1 postlogd
                """.formatted(smtpPort));
        wrapper("postmap", "echo \"$@\" >> " + dir.resolve("postmap.calls") + "\nexec " + SBIN.resolve("postmap")
                + " -c " + etc() + " \"$@\"");
        wrapper("postconf", "exec " + SBIN.resolve("postconf") + " -c " + etc() + " \"$@\"");
        wrapper("reload", "echo reload >> " + dir.resolve("reload.calls") + "\nexec " + SBIN.resolve("postfix")
                + " -c " + etc() + " reload");
    }

    private void wrapper(String name, String body) throws IOException {
        Path file = dir.resolve("bin").resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    int smtpPort() {
        return smtpPort;
    }

    String mapType() {
        return mapType;
    }

    Path dir() {
        return dir;
    }

    /** Where main.cf expects the job's maps: virtual, sender_whitelist, recipient_whitelist_check. */
    Path maps() {
        return dir.resolve("maps");
    }

    /** A wrapper in bin/ (postmap, postconf, reload) that runs the real command against this instance. */
    Path command(String name) {
        return dir.resolve("bin").resolve(name);
    }

    /** How often the postmap or reload wrapper has run. */
    int calls(String name) throws IOException {
        Path calls = dir.resolve(name + ".calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    String log() {
        try {
            Path log = dir.resolve("postfix.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of Postfix's log that contain {@code text}. */
    long logLines(String text) {
        return log().lines().filter(line -> line.contains(text)).count();
    }

    /** Waits until {@code text} appears in {@code times} lines of the log (postlogd writes it asynchronously). */
    void awaitLog(String text, int times) {
        await(times + " log lines with '" + text + "'", () -> logLines(text) >= times, this::diagnostics);
    }

    /** Waits until Postfix has finished with the message, then returns the recipients the sink got it for. */
    Set<String> deliveredTo(String queueId) throws IOException {
        awaitLog(queueId + ": removed", 1);
        Set<String> recipients = new TreeSet<>();
        try (Stream<Path> dumps = Files.list(dir.resolve("sink"))) {
            for (Path dump : dumps.toList()) {
                String message = Files.readString(dump, StandardCharsets.UTF_8);
                // smtp-sink closes the dump before it acknowledges the message, so a logged delivery is complete.
                if (message.contains("(Postfix) with ESMTP id " + queueId + "\n")) {
                    message.lines().filter(line -> line.startsWith("X-Rcpt-Args: <"))
                            .map(line -> line.substring("X-Rcpt-Args: <".length(), line.indexOf('>')))
                            .forEach(recipients::add);
                }
            }
        }
        return recipients;
    }

    /** Modification time and inode of every map file: any write or rename changes one of them. */
    Map<String, String> mapFileStamps() throws IOException {
        Map<String, String> stamps = new TreeMap<>();
        try (Stream<Path> files = Files.list(maps())) {
            for (Path file : files.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.put(file.getFileName().toString(), attributes.lastModifiedTime() + " " + attributes.fileKey());
            }
        }
        return stamps;
    }

    private String etc() {
        return dir.resolve("etc").toString();
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder("\n--- ").append(dir.resolve("postfix.log")).append(":\n");
        List<String> lines = log().lines().toList();
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(line -> text.append(line).append('\n'));
        try {
            Path sinkOut = dir.resolve("smtp-sink.out");
            if (Files.exists(sinkOut)) {
                text.append("--- smtp-sink:\n").append(Files.readString(sinkOut));
            }
        } catch (IOException e) {
            text.append(e);
        }
        return text.toString();
    }

    /** Stops Postfix ({@code postfix stop} kills it by force after five seconds) and the sink. */
    @Override
    public void close() throws Exception {
        try {
            run(SBIN.resolve("postfix").toString(), "-c", etc(), "stop");
        } finally {
            sink.destroy();
            if (!sink.waitFor(5, TimeUnit.SECONDS)) {
                sink.destroyForcibly();
            }
        }
    }

    private record Result(int code, String output) {}

    /** Output goes to a file, not a pipe: the master daemon that {@code postfix start} leaves behind would hold a pipe open. */
    private static Result run(String... argv) throws Exception {
        Path output = Files.createTempFile("postfix-e2e", ".out");
        try {
            Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", argv) + ": no exit after 60 s");
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.delete(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code condition} until it holds; fails after the deadline with what it waited for and {@code why}. */
    private static void await(String what, BooleanSupplier condition, Supplier<String> why) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what + why.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
