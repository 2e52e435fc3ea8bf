package com.manage2soar.aliassync.state;

import com.manage2soar.aliassync.report.RunHistory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What one run leaves for the next, in the state file: the fingerprint of the last clean run (see
 * {@code SyncFingerprint}), whether a reload is owed, the files the job wrote (by path: the prefix of
 * the club a file belongs to, or {@link #SHARED}) and the history monitoring reads.
 *
 * @param config the config file whose runs these are: another config's state is not used
 * @param cleanAnswers each club's answer digest (by prefix) in the last clean run: an answer that differs tells,
 *     as soon as it arrives, that this run cannot match that run's fingerprint
 */
public record RunState(Optional<Path> config, Optional<String> cleanRun, Map<String, String> cleanAnswers,
        boolean reloadPending, Map<Path, String> ownedFiles, RunHistory history) {
    /** The owner of a file that holds the entries of several clubs. */
    public static final String SHARED = "*";

    /** No state: the first run, or after the state file was lost. */
    public static final RunState NONE = new RunState(Optional.empty(), Optional.empty(), Map.of(), false, Map.of(),
            RunHistory.NONE);

    public RunState {
        cleanAnswers = Map.copyOf(cleanAnswers);
        ownedFiles = Map.copyOf(ownedFiles);
    }

    public RunState withReloadPending(boolean pending) {
        return new RunState(config, cleanRun, cleanAnswers, pending, ownedFiles, history);
    }
}
