package com.manage2soar.aliassync.apply;

import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.plan.FileChange;
import com.manage2soar.aliassync.plan.Plan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Postfix: its reload, what {@code postconf} (beside {@code postmap}) says of main.cf, indexing a
 * map ({@code postmap}) and what a lookup table answers ({@code postmap -q}).
 */
public final class Postfix {
    private static final Logger log = LoggerFactory.getLogger(Postfix.class);
    private static final int DEFAULT_EXPANSION_LIMIT = 1000;

    private final SyncConfig config;
    private final CommandRunner commands;

    public Postfix(SyncConfig config, CommandRunner commands) {
        this.config = config;
        this.commands = commands;
    }

    /**
     * Runs {@code reload_command}; true when it succeeded. {@code retry}: an earlier run changed the maps and
     * its reload failed.
     */
    public boolean reload(boolean retry) {
        if (retry) {
            log.warn("an earlier run changed the maps and its reload failed: reloading now");
        }
        List<String> argv = config.reloadCommand();
        try {
            CommandRunner.Result result = commands.run(argv, config.commandLimits().reload());
            if (result.exitCode() != 0) {
                // postfix-script reports to syslog/maillog, not to us: say where to look when it printed nothing.
                String said = result.output().isEmpty() ? "no output; see the mail log or 'postfix status'" : result.output();
                log.error("reload command {} failed (exit {}): {}; the new maps are in place and Postfix picks them up "
                        + "as its processes restart; every later run retries the reload", argv, result.exitCode(), said);
                return false;
            }
        } catch (CommandRunner.TimeoutException e) {
            log.error("reload command {}: {} (reload_timeout_seconds = {}); the new maps are in place and Postfix picks "
                    + "them up as its processes restart; every later run retries the reload", argv, e.getMessage(),
                    config.commandLimits().reload().toSeconds());
            return false;
        } catch (IOException e) {
            log.error("cannot run reload_command {}: {}; every later run retries the reload", argv, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        log.info("Postfix reloaded ({})", String.join(" ", argv));
        return true;
    }

    /** The {@code postconf} of the configured Postfix: the one beside {@code postmap_command}. */
    public Path postconfCommand() {
        return config.postmapCommand().resolveSibling("postconf");
    }

    /**
     * A main.cf parameter as {@code postconf -h} (or with {@code -x}, expanded) prints it; empty when it fails,
     * and the caller goes without. A postconf killed at its limit is worth a warning: Postfix itself is stuck.
     */
    public Optional<String> postconf(String parameter, boolean expanded) {
        try {
            CommandRunner.Result result = commands.run(
                    List.of(postconfCommand().toString(), expanded ? "-xh" : "-h", parameter), config.commandLimits().postconf());
            return result.exitCode() == 0 ? Optional.of(result.stdout()) : Optional.empty();
        } catch (CommandRunner.TimeoutException e) {
            log.warn("postconf {}: {} (postconf_timeout_seconds = {}); going without it", parameter, e.getMessage(),
                    config.commandLimits().postconf().toSeconds());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Indexes {@code table} ({@code TYPE:NAME}, the text of {@code file}) with {@code postmap_command}; a failure
     * says what it means for the map ({@code kept}).
     */
    void index(MapFile file, String table, String kept) throws ApplyException {
        Path postmap = config.postmapCommand();
        CommandRunner.Result result;
        try {
            result = postmap(table);
        } catch (CommandRunner.TimeoutException e) {
            throw new ApplyException(ApplyException.Kind.COMMAND, "postmap for " + file + ": " + e.getMessage()
                    + " (postmap_timeout_seconds = " + config.commandLimits().postmap().toSeconds() + "); " + kept, e);
        } catch (IOException e) {
            throw new ApplyException(ApplyException.Kind.COMMAND, "cannot run " + postmap + ": " + e.getMessage()
                    + " (install postfix, or set postmap_command)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplyException(ApplyException.Kind.COMMAND, "interrupted while running postmap", e);
        }
        if (result.exitCode() != 0) {
            throw new ApplyException(ApplyException.Kind.COMMAND, "postmap failed for " + file + " (exit "
                    + result.exitCode() + "): " + result.output() + "; " + kept, null);
        }
        if (!result.output().isEmpty()) {
            log.warn("{}: postmap says: {}", file, result.output());
        }
    }

    /** {@code postmap TABLE}, as it exited: what {@code check} tries before any run needs it. */
    public CommandRunner.Result postmap(String table) throws IOException, InterruptedException {
        return commands.run(List.of(config.postmapCommand().toString(), table), config.commandLimits().postmap());
    }

    /** What {@code table} ({@code TYPE:NAME}) answers for {@code key}, as {@code postmap -q} prints it. */
    public CommandRunner.Result query(String table, String key) throws IOException, InterruptedException {
        return commands.run(List.of(config.postmapCommand().toString(), "-q", key, table), config.commandLimits().postmap());
    }

    /**
     * Postfix refuses to expand an alias to more than virtual_alias_expansion_limit recipients: it
     * answers mail to such a list with 451 4.6.0, so the sender's server retries and finally bounces it.
     * Asked of postconf only when the alias map is about to change.
     */
    public void warnAboutOversizedLists(Plan plan) {
        List<FileChange> aliasFiles = plan.filesToWrite().stream()
                .filter(f -> f.file().format() == MapFormat.POSTFIX_ALIASES).toList();
        if (aliasFiles.isEmpty() || Thread.currentThread().isInterrupted()) {
            return;
        }
        int limit = postconf("virtual_alias_expansion_limit", false).flatMap(Postfix::number).orElse(DEFAULT_EXPANSION_LIMIT);
        for (FileChange file : aliasFiles) {
            for (String alias : file.desired().byKey().keySet()) {
                int recipients = file.desired().recipients(alias);
                if (recipients > limit) {
                    log.warn("{} has {} recipients, more than Postfix's virtual_alias_expansion_limit = {}: Postfix "
                            + "refuses mail to it (451 4.6.0 Alias expansion error); raise the limit in main.cf",
                            alias, recipients, limit);
                }
            }
        }
    }

    private static Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
