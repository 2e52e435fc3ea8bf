package com.manage2soar.aliassync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The log backend: what SLF4J calls anywhere in the job turn into, line by line. */
class ReporterTest {
    private static final Logger log = LoggerFactory.getLogger(ReporterTest.class);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T23:57:32.145Z"), ZoneOffset.UTC);

    private final StringWriter err = new StringWriter();

    private List<String> lines(Level threshold, boolean journal, Runnable calls) {
        try (Reporter.Binding bound = new Reporter(threshold, new PrintWriter(err), journal, CLOCK).bind()) {
            calls.run();
        }
        return err.toString().lines().toList();
    }

    @Test
    void logFileLinesKeepTheTimestampedFormat() {
        assertEquals(List.of("2026-11-24T23:57:32.145Z INFO club c0000: fetched 5 lists",
                        "2026-11-24T23:57:32.145Z WARN a warning"),
                lines(Level.INFO, false, () -> {
                    log.info("club {}: fetched {} lists", "c0000", 5);
                    log.warn("a warning");
                    log.debug("not at the default verbosity");
                }));
    }

    @Test
    void underTheJournalEachLineCarriesItsSyslogPriorityAndNoTimestamp() {
        assertEquals(List.of("<3>an error", "<4>a warning", "<6>news", "<7>detail"),
                lines(Level.DEBUG, true, () -> {
                    log.error("an error");
                    log.warn("a warning");
                    log.info("news");
                    log.debug("detail");
                }));
    }

    @Test
    void workCarriedIntoAPoolLogsToItsOwnRunNotToTheRunThatStartedThePoolsThreads() throws Exception {
        StringWriter other = new StringWriter();
        try (ForkJoinPool pool = new ForkJoinPool(2)) {
            // Another run starts the pool's threads: they inherit its binding, as a shared pool's do.
            try (Reporter.Binding bound = new Reporter(Level.INFO, new PrintWriter(other), false, CLOCK).bind()) {
                pool.submit(() -> IntStream.range(0, 256).parallel().forEach(i -> LockSupport.parkNanos(10_000))).get();
            }
            List<String> logged = lines(Level.INFO, true, () -> {
                Function<Integer, Integer> work = Reporter.carried(i -> {
                    log.info("item {}", i);
                    return i;
                });
                try {
                    pool.submit(() -> IntStream.range(0, 256).boxed().parallel().map(work).toList()).get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(256, logged.size(), String.join("\n", logged));
            assertEquals("", other.toString());
        }
    }

    @Test
    void theJournalIsChosenWhenStderrIsTheStreamJournalStreamNames() throws Exception {
        StringWriter journal = new StringWriter();
        try (Reporter.Binding bound = Reporter.of(Level.INFO, new PrintWriter(journal),
                Map.of(Reporter.JOURNAL_ENV, JournalStreams.ofThisProcessesStderr())).bind()) {
            log.warn("w");
        }
        assertEquals("<4>w\n", journal.toString());
        // Started by a service, but stderr sent elsewhere (a file): the variable names another stream.
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of(Reporter.JOURNAL_ENV, "8:12345"))) {
            StringWriter file = new StringWriter();
            try (Reporter.Binding bound = Reporter.of(Level.INFO, new PrintWriter(file), env).bind()) {
                log.warn("w");
            }
            assertTrue(file.toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN w\n"),
                    env + ": " + file);
        }
    }

    @Test
    void everyArgumentIsEscapedSoNoValueCanStartALineOfItsOwn() {
        List<String> lines = lines(Level.INFO, false, () -> log.warn("club {}: list {}: {}", "c\r\n2026-11-24T00:00:00Z ERROR forged",
                "m\u0000e\u001b[31m", "caf\u00e9 \u212a \u2028"));
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("2026-11-24T23:57:32.145Z WARN club c\\u000d\\u000a2026-11-24T00:00:00Z ERROR forged: list m\\u0000e\\u001b[31m: "
                + "caf\\u00e9 \\u212a \\u2028", lines.get(0));
    }

    @Test
    void everyArgumentIsBounded() {
        String huge = "x".repeat(100_000);
        String line = lines(Level.INFO, false, () -> log.warn("{} and {}", huge, huge)).get(0);
        assertTrue(line.length() < 2 * LogText.MAX_VALUE + 100, "line of " + line.length());
        assertTrue(line.contains("...(" + (100_000 - LogText.MAX_VALUE) + " more chars)"), line);
    }

    @Test
    void aTemplateFromALibraryCannotBreakTheLineEither() {
        assertEquals(List.of("2026-11-24T23:57:32.145Z INFO a\\u000ab"), lines(Level.INFO, false, () -> log.info("a\nb")));
    }

    @Test
    void anExceptionShowsItsClassAndPlaceButNeverItsMessage() {
        RuntimeException bug = new IllegalStateException("Duplicate key member@example.org (s3cret)",
                new IllegalArgumentException("k3y"));
        String line = String.join("\n", lines(Level.INFO, false, () -> log.error("internal error", bug)));
        assertTrue(line.startsWith("2026-11-24T23:57:32.145Z ERROR internal error: java.lang.IllegalStateException caused by "
                + "java.lang.IllegalArgumentException at com.manage2soar.aliassync.report.ReporterTest."), line);
        assertTrue(line.endsWith("(run with -v for the trace)"), line);
        assertFalse(line.contains("member@") || line.contains("s3cret") || line.contains("k3y"), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void atDebugTheFullTraceFollowsWithoutMessages() {
        RuntimeException bug = new IllegalStateException("member@example.org", new IllegalArgumentException("k3y"));
        List<String> lines = lines(Level.DEBUG, true, () -> log.error("internal error {}", "x", bug));
        assertTrue(lines.get(0).startsWith("<3>internal error x: java.lang.IllegalStateException caused by"), lines.get(0));
        assertTrue(lines.contains("<3>java.lang.IllegalStateException"), lines.toString());
        assertTrue(lines.contains("<3>Caused by: java.lang.IllegalArgumentException"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("<3>    at com.manage2soar.aliassync.report.ReporterTest.")),
                lines.toString());
        assertFalse(String.join("\n", lines).contains("member@") || String.join("\n", lines).contains("k3y"), lines.toString());
    }

    @Test
    void anExceptionGivenAsAnArgumentShowsItsClassOnly() {
        String line = lines(Level.INFO, false, () -> log.warn("failed: {}", (Object) new IllegalStateException("k3y"))).get(0);
        assertEquals("2026-11-24T23:57:32.145Z WARN failed: java.lang.IllegalStateException", line);
    }

    @Test
    void eachRunHasItsOwnVerbosity() {
        assertEquals(List.of(), lines(Level.ERROR, false, () -> log.info("quiet run")));
        assertEquals(1, lines(Level.DEBUG, false, () -> log.debug("verbose run")).size());
        assertEquals(1, lines(Level.INFO, false, () -> log.debug("normal run, not shown")).size());
    }
}
