package com.manage2soar.aliassync.state;

import com.manage2soar.aliassync.apply.ApplyException;
import com.manage2soar.aliassync.report.MapTotals;
import com.manage2soar.aliassync.report.RunHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one state file, {@code <state_dir>/state}: written whole to a temporary file, synced, then renamed
 * over the old one, so a reader finds the old or the new state. Lost (or unreadable) it costs one full
 * run; found corrupt, one full run and one precautionary reload (a reload may have been owed).
 */
public final class StateFile {
    private static final Logger log = LoggerFactory.getLogger(StateFile.class);
    private static final String FORMAT = "1";

    private final Path file;
    private final Path config;

    public StateFile(Path stateDir, Path config) {
        this.file = stateDir.resolve("state");
        this.config = config;
    }

    public Path path() {
        return file;
    }

    /** Where the new state is written before it is renamed over {@link #path()}. */
    public Path temporary() {
        return file.resolveSibling(".state.m2s-new");
    }

    public RunState load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return RunState.NONE;
        } catch (CharacterCodingException e) {
            // The job writes UTF-8: bytes that are not were never written by it, and a reload may have been owed.
            return corrupt("bytes that are not UTF-8");
        } catch (IOException e) {
            log.warn("cannot read the state file {}: {}; this run does the whole work", file, e.getMessage());
            return RunState.NONE;
        }
        try {
            RunState state = parse(text);
            if (!state.config().equals(Optional.of(config))) {
                log.warn("the state file {} belongs to the config {}, not {}: give each config its own state_dir; "
                        + "this run does the whole work", file, state.config().map(Path::toString).orElse("?"), config);
                return RunState.NONE;
            }
            return state;
        } catch (IllegalArgumentException e) {
            return corrupt(e.getMessage());
        }
    }

    private RunState corrupt(String why) {
        log.warn("the state file {} is corrupt ({}): this run does the whole work and reloads Postfix once", file, why);
        return RunState.NONE.withReloadPending(true);
    }

    /** Replaces the state file; creates {@code state_dir} when missing. */
    public void save(RunState state) throws ApplyException {
        try {
            Files.createDirectories(file.getParent());
            Path temp = temporary();
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(format(state)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw ApplyException.cannotWrite(file, e, "the state is not saved");
        }
    }

    private byte[] format(RunState state) throws IOException {
        Map<String, String> values = new TreeMap<>();
        values.put("format", FORMAT);
        values.put("config", config.toString());
        state.cleanRun().ifPresent(fingerprint -> values.put("clean_run", fingerprint));
        state.cleanAnswers().forEach((club, digest) -> values.put("answer." + club, digest));
        values.put("reload_pending", String.valueOf(state.reloadPending()));
        state.ownedFiles().forEach((path, owner) -> values.put("owned." + path, owner));
        RunHistory history = state.history();
        history.consecutiveFailures().forEach((club, n) -> values.put("failures." + club, String.valueOf(n)));
        history.lastSuccess().ifPresent(time -> values.put("last_success", time.toString()));
        history.totals().ifPresent(totals -> {
            totals.keysPerFile().forEach((name, keys) -> values.put("entries." + name, String.valueOf(keys)));
            values.put("recipients", String.valueOf(totals.listRecipients()));
            values.put("dropped", String.valueOf(totals.invalidDropped()));
            totals.listsDroppedPerClub().forEach((club, n) -> values.put("lists_dropped." + club, String.valueOf(n)));
        });
        Properties properties = new Properties();
        properties.putAll(values);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            properties.store(out, "m2s-sync-aliases: written by every run; deleting it costs one full run");
        }
        return bytes.toByteArray();
    }

    /** The state the text holds; IllegalArgumentException when it is not a whole state file of this format. */
    static RunState parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable", e);
        }
        if (!FORMAT.equals(properties.getProperty("format"))) {
            throw new IllegalArgumentException("no 'format=" + FORMAT + "' line");
        }
        Map<Path, String> owned = new HashMap<>();
        Map<String, String> answers = new HashMap<>();
        Map<String, Integer> failures = new HashMap<>();
        Map<String, Integer> entries = new HashMap<>();
        Map<String, Integer> listsDropped = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (key.startsWith("owned.")) {
                owned.put(Path.of(key.substring(6)), value);
            } else if (key.startsWith("answer.")) {
                answers.put(key.substring(7), value);
            } else if (key.startsWith("failures.")) {
                failures.put(key.substring(9), number(key, value));
            } else if (key.startsWith("entries.")) {
                entries.put(key.substring(8), number(key, value));
            } else if (key.startsWith("lists_dropped.")) {
                listsDropped.put(key.substring(14), number(key, value));
            }
        }
        Optional<MapTotals> totals = properties.containsKey("recipients")
                ? Optional.of(new MapTotals(entries, number("recipients", properties.getProperty("recipients")),
                        number("dropped", properties.getProperty("dropped", "0")), listsDropped))
                : Optional.empty();
        RunHistory history = new RunHistory(failures, Optional.ofNullable(properties.getProperty("last_success"))
                .map(StateFile::instant), totals);
        return new RunState(Optional.ofNullable(properties.getProperty("config")).map(Path::of),
                Optional.ofNullable(properties.getProperty("clean_run")), answers, bool(properties.getProperty("reload_pending")), owned, history);
    }

    private static int number(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number");
        }
    }

    private static boolean bool(String value) {
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new IllegalArgumentException("reload_pending is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("last_success is not a time");
        }
    }
}
