package com.manage2soar.aliassync.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.event.Level;

/**
 * Where one run's log lines go and which of them: built by Main from the verbosity and its error
 * writer, so {@code -v}/{@code -q} hold per run, in-process runs included. Lines are timestamped for
 * cron's log file; under systemd (stderr the stream {@code JOURNAL_STREAM} names) they carry the syslog priority instead,
 * which the journal stores as the line's priority and shows without the prefix.
 */
public final class Reporter {
    /** Set by systemd when stdout/stderr is connected to the journal. */
    public static final String JOURNAL_ENV = "JOURNAL_STREAM";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    /*
     * SLF4J hands out loggers from static fields, so a logger finds its run's reporter here: the run's
     * thread and the threads it starts (inheritable), work handed to a shared pool through carried(),
     * else the newest run still going.
     */
    private static final InheritableThreadLocal<Reporter> BOUND = new InheritableThreadLocal<>();
    private static final List<Reporter> ACTIVE = new CopyOnWriteArrayList<>();

    private final Level threshold;
    private final PrintWriter err;
    private final boolean journal;
    private final Clock clock;

    public Reporter(Level threshold, PrintWriter err, boolean journal, Clock clock) {
        this.threshold = threshold;
        this.err = err;
        this.journal = journal;
        this.clock = clock;
    }

    /** The reporter of a run started with this environment ({@code JOURNAL_STREAM} chooses the line format). */
    public static Reporter of(Level threshold, PrintWriter err, Map<String, String> env) {
        return new Reporter(threshold, err, stderrIs(env.get(JOURNAL_ENV)), Clock.systemDefaultZone());
    }

    /**
     * Whether this process's stderr is the journal stream {@code JOURNAL_STREAM} names ("device:inode", as
     * systemd documents the check): a job started by a service but logging to a file keeps the variable, not the
     * stream, and its file keeps its timestamps.
     */
    static boolean stderrIs(String journalStream) {
        if (journalStream == null || journalStream.isBlank()) {
            return false;
        }
        try {
            Path stderr = Path.of("/proc/self/fd/2");
            return journalStream.strip().equals(Files.getAttribute(stderr, "unix:dev") + ":"
                    + Files.getAttribute(stderr, "unix:ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Makes this the reporter of the calling thread (and the threads it starts) until closed. */
    public Binding bind() {
        Reporter previous = BOUND.get();
        BOUND.set(this);
        ACTIVE.add(this);
        return () -> {
            ACTIVE.remove(this);
            BOUND.set(previous);
        };
    }

    /**
     * {@code work} as the calling run's: a parallel stream runs it in the common pool, whose threads belong to
     * no run, and runs going at once in one JVM (the tests) would otherwise log into each other's output.
     */
    public static <T, R> Function<T, R> carried(Function<T, R> work) {
        BiFunction<T, Void, R> carried = carried((input, none) -> work.apply(input));
        return input -> carried.apply(input, null);
    }

    public static <T, U, R> BiFunction<T, U, R> carried(BiFunction<T, U, R> work) {
        Reporter run = current();
        return (t, u) -> {
            Reporter previous = BOUND.get();
            BOUND.set(run);
            try {
                return work.apply(t, u);
            } finally {
                BOUND.set(previous);
            }
        };
    }

    /** A scope that closes without checked exceptions. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    static Reporter current() {
        Reporter bound = BOUND.get();
        if (bound != null) {
            return bound;
        }
        int size = ACTIVE.size();
        if (size > 0) {
            try {
                return ACTIVE.get(size - 1);
            } catch (IndexOutOfBoundsException ended) {
                // the run ended meanwhile: fall through
            }
        }
        return of(Level.INFO, new PrintWriter(System.err, true), System.getenv());
    }

    boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    /** One message, already escaped; an exception adds its class and place, and at debug its trace. */
    void log(Level level, String message, Throwable error) {
        String prefix = prefix(level);
        StringBuilder lines = new StringBuilder(prefix).append(message);
        if (error != null) {
            lines.append(": ").append(LogText.summary(error));
            if (enabled(Level.DEBUG)) {
                LogText.trace(error).forEach(line -> lines.append('\n').append(prefix).append(line));
            } else {
                lines.append(" (run with -v for the trace)");
            }
        }
        synchronized (err) {
            err.println(lines);
            err.flush();
        }
    }

    /** {@code <4>} for the journal, {@code 2026-11-24T23:57:32.145Z WARN } for a log file. */
    String prefix(Level level) {
        if (journal) {
            return switch (level) {
                case ERROR -> "<3>";
                case WARN -> "<4>";
                case INFO -> "<6>";
                case DEBUG, TRACE -> "<7>";
            };
        }
        return TIME.format(clock.instant().atZone(clock.getZone()))
                + " " + level + " ";
    }
}
