package com.manage2soar.aliassync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time, between real processes: the packaged launcher, against a loopback API that holds
 * its answer until the test lets it go, so that a first run sits on the lock for as long as needed.
 */
class OneRunAtATimeIT {
    static final int HELD = 75;
    static final int SIGKILLED = 128 + 9;

    @TempDir
    Path dir;

    HttpServer api;
    final AtomicInteger requests = new AtomicInteger();
    volatile CountDownLatch asked = new CountDownLatch(1);
    volatile CountDownLatch answer = new CountDownLatch(0);

    @BeforeEach
    void startApiAndFirstSync() throws Exception {
        assertTrue(Files.isExecutable(ImageIT.LAUNCHER), "no " + ImageIT.LAUNCHER + ": run ./mvnw package first");
        byte[] body = SyncIntegrationTest.resource("/legacy/api/c0000.json").getBytes(StandardCharsets.UTF_8);
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        api.createContext("/c0000/api/email-lists/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                asked.countDown();
                answer.await(60, TimeUnit.SECONDS);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        api.start();
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("config.yml"), """
                default_auth_token: lock-test-key
                postfix_virtual_file: %1$s/out/virtual
                postfix_whitelist_file: %1$s/out/sender_whitelist
                map_type: texthash
                reload_command: []
                lock_file: %1$s/lock
                state_dir: %1$s/state
                metrics_file: %1$s/out/metrics.prom
                clubs:
                  - { prefix: c0000, domains: [c0000.example.org], api_url: 'http://127.0.0.1:%2$d/c0000/api/email-lists/' }
                """.formatted(dir, api.getAddress().getPort()));
        Files.setPosixFilePermissions(dir.resolve("config.yml"), PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, launch("first").waitFor(), log("first"));
    }

    @AfterEach
    void stopApi() {
        answer.countDown();
        api.stop(0);
    }

    @Test
    void aSecondRunExits75AtOnceAndTouchesNothingWhileAnotherHoldsTheLock() throws Exception {
        Process holder = runHoldingTheLock();
        Map<String, String> before = files();
        int asked = requests.get();

        long start = System.nanoTime();
        Process second = launch("second");
        assertTrue(second.waitFor(10, TimeUnit.SECONDS), "the second run waited for the lock");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(HELD, second.exitValue(), log("second"));
        assertTrue(log("second").contains("another run holds " + dir.resolve("lock")), log("second"));
        assertEquals(before, files(), "the second run touched a file");
        assertEquals(asked, requests.get(), "the second run asked the API");

        answer.countDown();
        assertEquals(0, holder.waitFor(), log("holder"));
        System.out.println("OneRunAtATimeIT: the second run exited " + HELD + " after " + millis + " ms");
    }

    @Test
    void theLockOfASigkilledRunIsReleasedByTheOs() throws Exception {
        Process holder = runHoldingTheLock();
        assertEquals(HELD, launch("second").waitFor(), "the lock is held: " + log("second"));
        holder.destroyForcibly();
        assertEquals(SIGKILLED, holder.waitFor());

        answer.countDown();
        Process next = launch("next");
        assertTrue(next.waitFor(30, TimeUnit.SECONDS), "the run after the kill hung");
        assertEquals(0, next.exitValue(), log("next"));
    }

    /** A run that took the lock and now waits for the API's answer (which comes once {@link #answer} opens). */
    Process runHoldingTheLock() throws Exception {
        asked = new CountDownLatch(1);
        answer = new CountDownLatch(1);
        Process holder = launch("holder");
        assertTrue(asked.await(30, TimeUnit.SECONDS), "the first run never asked the API: " + log("holder"));
        assertTrue(holder.isAlive(), log("holder"));
        return holder;
    }

    Process launch(String name) throws IOException {
        return new ProcessBuilder(ImageIT.LAUNCHER.toString(), "--config", dir.resolve("config.yml").toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(dir.resolve("logs/" + name + ".out").toFile())
                .redirectError(dir.resolve("logs/" + name + ".err").toFile()).start();
    }

    String log(String name) throws IOException {
        return Files.readString(dir.resolve("logs/" + name + ".err"));
    }

    /** Every file but the logs, with its modification time and size. */
    Map<String, String> files() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("logs"))).toList()) {
                files.put(dir.relativize(file).toString(), Files.getLastModifiedTime(file) + " " + Files.size(file));
            }
        }
        return files;
    }
}
