package com.manage2soar.aliassync.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus textfile (node_exporter's textfile collector) written after every real run,
 * atomically so the collector never reads half a file. The last success time and each club's run
 * of consecutive failures are carried over from the previous file, so alerts need no recording rules.
 */
public final class MetricsFile {
    private static final Pattern SAMPLE = Pattern.compile("^(m2s_sync_\\w+(?:\\{[^}]*})?) (\\S+)$");

    private MetricsFile() {}

    public static void write(Path file, RunSummary run) throws IOException {
        Map<String, String> previous = read(file);
        double now = run.started().toEpochMilli() / 1000.0;
        String lastSuccess = run.succeeded() ? number(now + run.took().toMillis() / 1000.0)
                : previous.getOrDefault("m2s_sync_last_success_timestamp_seconds", "0");

        StringBuilder out = new StringBuilder();
        gauge(out, "m2s_sync_last_run_timestamp_seconds", "Start of the last run (Unix time).", number(now));
        gauge(out, "m2s_sync_last_success_timestamp_seconds",
                "End of the last run that left every club's maps current (exit 0).", lastSuccess);
        gauge(out, "m2s_sync_exit_code", "Exit code of the last run (see the README's table).",
                String.valueOf(run.exitCode().code()));
        gauge(out, "m2s_sync_duration_seconds", "Wall time of the last run.", number(run.took().toMillis() / 1000.0));
        header(out, "m2s_sync_club_fetch_success", "1 if the club's lists were fetched in the last run.");
        new TreeMap<>(run.clubFetched()).forEach((club, ok) ->
                out.append("m2s_sync_club_fetch_success{club=\"").append(club).append("\"} ").append(ok ? 1 : 0).append('\n'));
        header(out, "m2s_sync_club_consecutive_failures", "Runs in a row in which the club could not be fetched.");
        new TreeMap<>(run.clubFetched()).forEach((club, ok) -> {
            long before = (long) Double.parseDouble(
                    previous.getOrDefault("m2s_sync_club_consecutive_failures{club=\"" + club + "\"}", "0"));
            out.append("m2s_sync_club_consecutive_failures{club=\"").append(club).append("\"} ")
                    .append(ok ? 0 : before + 1).append('\n');
        });
        header(out, "m2s_sync_map_entries", "Keys in each map file after the run.");
        Map<String, String> entries = new TreeMap<>();
        run.maps().ifPresentOrElse(
                maps -> maps.keysPerFile().forEach((name, keys) ->
                        entries.put("m2s_sync_map_entries{file=\"" + name + "\"}", String.valueOf(keys))),
                () -> previous.forEach((sample, value) -> {
                    if (sample.startsWith("m2s_sync_map_entries{")) {
                        entries.put(sample, value);
                    }
                }));
        entries.forEach((sample, value) -> out.append(sample).append(' ').append(value).append('\n'));
        gauge(out, "m2s_sync_list_recipients", "List recipients in the virtual map after the run.",
                run.maps().map(maps -> String.valueOf(maps.listRecipients()))
                        .orElseGet(() -> previous.getOrDefault("m2s_sync_list_recipients", "0")));
        gauge(out, "m2s_sync_keys_changed", "Map keys added, removed or changed by the last run.",
                String.valueOf(run.keysChanged()));
        gauge(out, "m2s_sync_files_written", "Map files written by the last run.", String.valueOf(run.filesWritten()));
        gauge(out, "m2s_sync_invalid_entries_dropped", "API entries dropped by validation (of the data the maps hold).",
                run.maps().map(maps -> String.valueOf(maps.invalidDropped()))
                        .orElseGet(() -> previous.getOrDefault("m2s_sync_invalid_entries_dropped", "0")));
        gauge(out, "m2s_sync_postfix_reloaded", "1 if the last run reloaded Postfix.", run.reloaded() ? "1" : "0");

        Path temp = temporary(file);
        Files.writeString(temp, out, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Where the new file is written before it is renamed over {@code file}. */
    public static Path temporary(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".m2s-new");
    }

    /** Our own samples from the previous file, keyed by name and labels as written. */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> samples = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = SAMPLE.matcher(line);
                if (m.matches()) {
                    samples.put(m.group(1), m.group(2));
                }
            }
        } catch (NoSuchFileException e) {
            // first run
        }
        return samples;
    }

    private static void gauge(StringBuilder out, String name, String help, String value) {
        header(out, name, help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
