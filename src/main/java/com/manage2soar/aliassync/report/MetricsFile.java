package com.manage2soar.aliassync.report;

import com.manage2soar.aliassync.plan.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus textfile (node_exporter's textfile collector) written after every real run,
 * atomically so the collector never reads half a file. Everything in it comes from the run's report and
 * what the state file carries (the last success time, each club's failures in a row, a reload still owed), so
 * alerts need no recording rules and the file is never read back.
 */
public final class MetricsFile {
    private MetricsFile() {}

    /**
     * {@code reloadPending}: the state's, which a run that stopped before its reload carries over. {@code forced}: the
     * run had {@code --force}, so what the safety checks refused was applied and is not reported as refused.
     */
    public static void write(Path file, RunReport run, ExitCode code, RunHistory history, boolean reloadPending,
            boolean forced) throws IOException {
        StringBuilder out = new StringBuilder();
        gauge(out, "m2s_sync_last_run_timestamp_seconds", "Start of the last run (Unix time).", seconds(run.started()));
        gauge(out, "m2s_sync_last_success_timestamp_seconds",
                "End of the last run that left every club's maps current (exit 0).",
                history.lastSuccess().map(MetricsFile::seconds).orElse("0"));
        gauge(out, "m2s_sync_exit_code", "Exit code of the last run (see the README's table).", String.valueOf(code.code()));
        gauge(out, "m2s_sync_duration_seconds", "Wall time of the last run.", number(run.took().toMillis() / 1000.0));
        clubs(out, run, history, forced);
        totals(out, history);
        gauge(out, "m2s_sync_keys_changed", "Map keys added, removed or changed by the last run.",
                String.valueOf(run.applied().keysChanged()));
        gauge(out, "m2s_sync_files_written", "Map files written by the last run.",
                String.valueOf(run.applied().written().size()));
        gauge(out, "m2s_sync_files_removed", "Map files of clubs no longer configured removed by the last run.",
                String.valueOf(run.applied().removed().size()));
        gauge(out, "m2s_sync_postfix_reloaded", "1 if the last run reloaded Postfix.",
                run.applied().reload() == Applied.Reload.DONE ? "1" : "0");
        gauge(out, "m2s_sync_reload_pending", "1 if the maps changed and no reload has succeeded since.",
                reloadPending ? "1" : "0");

        Path temp = temporary(file);
        Files.writeString(temp, out, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Where the new file is written before it is renamed over {@code file}. */
    public static Path temporary(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".m2s-new");
    }

    private static void clubs(StringBuilder out, RunReport run, RunHistory history, boolean forced) {
        Map<String, Boolean> fetched = new TreeMap<>();
        run.clubs().forEach(club -> fetched.put(club.club(), club.fetched()));
        header(out, "m2s_sync_club_fetch_success", "1 if the club's lists were fetched in the last run.");
        fetched.forEach((club, ok) -> sample(out, "m2s_sync_club_fetch_success{club=\"" + club + "\"}", ok ? "1" : "0"));
        header(out, "m2s_sync_club_consecutive_failures", "Runs in a row in which the club could not be fetched.");
        fetched.keySet().forEach(club -> sample(out, "m2s_sync_club_consecutive_failures{club=\"" + club + "\"}",
                String.valueOf(history.consecutiveFailures().getOrDefault(club, 0))));
        header(out, "m2s_sync_club_refused",
                "1 for a club whose changes a safety check refused in the last run (it kept its entries), by reason.");
        for (Refusal.OfClub refusal : forced ? List.<Refusal.OfClub>of() : run.plan().refusedClubs()) {
            sample(out, "m2s_sync_club_refused{club=\"" + refusal.club() + "\",reason=\"" + refusal.cause().label() + "\"}",
                    "1");
        }
        gauge(out, "m2s_sync_plan_refused", "1 if the last run's plan as a whole was refused (it wrote nothing).",
                run.plan().blocked() && !forced ? "1" : "0");
    }

    private static void totals(StringBuilder out, RunHistory history) {
        header(out, "m2s_sync_map_entries", "Keys in each map file after the run.");
        history.totals().ifPresent(totals -> new TreeMap<>(totals.keysPerFile()).forEach((name, keys) ->
                sample(out, "m2s_sync_map_entries{file=\"" + name + "\"}", String.valueOf(keys))));
        gauge(out, "m2s_sync_list_recipients", "List recipients in the virtual map after the run.",
                String.valueOf(history.totals().map(MapTotals::listRecipients).orElse(0L)));
        gauge(out, "m2s_sync_invalid_entries_dropped", "API entries dropped by validation (of the data the maps hold).",
                String.valueOf(history.totals().map(MapTotals::invalidDropped).orElse(0)));
        header(out, "m2s_sync_lists_dropped",
                "Lists the club's API sent that reach nobody (a name that cannot be an address, or a bounce alias's).");
        history.totals().ifPresent(totals -> new TreeMap<>(totals.listsDroppedPerClub()).forEach((club, lists) ->
                sample(out, "m2s_sync_lists_dropped{club=\"" + club + "\"}", String.valueOf(lists))));
    }

    private static void gauge(StringBuilder out, String name, String help, String value) {
        header(out, name, help);
        sample(out, name, value);
    }

    private static void header(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder out, String sample, String value) {
        out.append(sample).append(' ').append(value).append('\n');
    }

    private static String seconds(Instant time) {
        return number(time.toEpochMilli() / 1000.0);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
