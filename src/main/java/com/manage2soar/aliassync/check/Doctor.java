package com.manage2soar.aliassync.check;

import com.manage2soar.aliassync.api.ClubAnswer;
import com.manage2soar.aliassync.api.ClubFetcher;
import com.manage2soar.aliassync.api.FetchFailure;
import com.manage2soar.aliassync.api.HttpClients;
import com.manage2soar.aliassync.apply.CommandRunner;
import com.manage2soar.aliassync.apply.Postfix;
import com.manage2soar.aliassync.config.HttpSettings;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.render.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code m2s-sync-aliases check}: everything a run needs, checked without writing anything: every
 * club's API answers to its key, the commands exist, the directories are writable, postmap really
 * indexes a map of the configured type, Postfix's main.cf uses our maps with our map type and accepts
 * mail for every club domain.
 */
public final class Doctor {
    private final SyncConfig config;
    private final Postfix postfix;

    public Doctor(SyncConfig config, CommandRunner commands) {
        this.config = config;
        this.postfix = new Postfix(config, commands);
    }

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok("config", config.file() + ": " + config.sources().size() + " clubs, map_type "
                + config.mapType().postfixName()));
        checkApis(findings);
        checkCommand(findings, "postmap_command", config.postmapCommand());
        if (config.reloadCommand().isEmpty()) {
            findings.add(Finding.warn("reload_command", "empty: Postfix is never reloaded",
                    "fine for Rspamd-only or test setups; otherwise set [/usr/sbin/postfix, reload]"));
        } else {
            checkCommand(findings, "reload_command", Path.of(config.reloadCommand().get(0)));
        }
        checkDirectories(findings);
        new PostmapCheck(config, postfix).check(findings);
        checkPostfix(findings);
        return findings;
    }

    private void checkDirectories(List<Finding> findings) {
        Set<Path> dirs = new LinkedHashSet<>();
        List<MapFile> files = new Renderer(config.render()).files(config.clubs());
        files.forEach(file -> dirs.add(file.path().getParent()));
        dirs.add(config.lockFile().getParent());
        config.metricsFile().ifPresent(file -> dirs.add(file.getParent()));
        for (Path dir : dirs) {
            findings.add(Files.isDirectory(dir) && Files.isWritable(dir)
                    ? Finding.ok("directory", dir + " is writable")
                    : Finding.fail("directory", dir + (Files.isDirectory(dir) ? " is not writable" : " does not exist"),
                            "create it, or run as root (the job writes its maps there)"));
        }
        Path state = config.stateDir();
        boolean creatable = Files.notExists(state) && Files.isDirectory(state.getParent())
                && Files.isWritable(state.getParent());
        findings.add(Files.isDirectory(state) && Files.isWritable(state) ? Finding.ok("state_dir", state + " is writable")
                : creatable ? Finding.ok("state_dir", state + " does not exist yet; the first run creates it")
                : Finding.fail("state_dir", state + " is not a writable directory",
                        "create it, or set state_dir (the job keeps what one run leaves for the next there)"));
    }

    private void checkApis(List<Finding> findings) {
        HttpSettings once = config.http().withRetries(0);
        ClubFetcher fetcher = new ClubFetcher(once, () -> HttpClients.create(once, config.sources()));
        for (ClubAnswer answer : fetcher.fetchAll(config.sources())) {
            String subject = "club " + answer.club().prefix();
            findings.add(switch (answer.validated(config.render().adminEmail().isPresent())) {
                case ClubAnswer.Validated club -> Finding.ok(subject, "API answered with " + club.lists().lists().size()
                        + " lists in " + club.took().toMillis() + " ms");
                case ClubAnswer.Failed f -> Finding.fail(subject, f.reason(), hint(f.kind()));
            });
        }
    }

    private static String hint(FetchFailure kind) {
        return switch (kind) {
            case AUTH -> "the key is wrong or not set on the M2S side: check auth_token / default_auth_token";
            case INVALID_RESPONSE -> "api_url may point at the wrong page: it must end in /api/email-lists/";
            case UNAVAILABLE -> "check api_url, DNS and the firewall; a private CA needs http.ca_file";
        };
    }

    private static void checkCommand(List<Finding> findings, String key, Path command) {
        findings.add(Files.isExecutable(command)
                ? Finding.ok(key, command + " is executable")
                : Finding.fail(key, command + " is missing or not executable", "apt-get install postfix, or fix " + key));
    }

    /** Compares main.cf (through postconf, beside postmap) with the maps this config writes. */
    private void checkPostfix(List<Finding> findings) {
        Optional<String> aliasMaps = postfix.postconf("virtual_alias_maps", false);
        if (aliasMaps.isEmpty()) {
            findings.add(Finding.warn("postconf", "cannot run " + postfix.postconfCommand()
                    + " -h (or it did not answer within "
                    + config.commandLimits().postconf().toSeconds() + " s)", "is Postfix installed and configured?"));
            return;
        }
        String type = config.mapType().postfixName() + ":";
        expect(findings, "virtual_alias_maps", aliasMaps.get(), type + config.render().virtualFile());
        String restrictions = String.join(" ", postfix.postconf("smtpd_restriction_classes", false).orElse(""),
                postfix.postconf("whitelist_required", false).orElse(""),
                postfix.postconf("smtpd_recipient_restrictions", false).orElse(""),
                postfix.postconf("smtpd_sender_restrictions", false).orElse(""));
        expect(findings, "check_sender_access", restrictions, "check_sender_access " + type + config.render().senderWhitelistFile());
        config.render().recipientCheckFile().ifPresent(file ->
                expect(findings, "check_recipient_access", restrictions, "check_recipient_access " + type + file));
        postfix.postconf("virtual_alias_expansion_limit", false).ifPresent(limit ->
                findings.add(Finding.ok("virtual_alias_expansion_limit", limit + " (a list with more members fails delivery)")));
        new DomainCheck(config, postfix).check(findings);
    }

    private static void expect(List<Finding> findings, String setting, String actual, String wanted) {
        String normalised = actual.replaceAll("[,\\s]+", " ");
        findings.add(normalised.contains(wanted)
                ? Finding.ok("postconf", setting + " uses " + wanted)
                : Finding.warn("postconf", "no '" + wanted + "' in main.cf (found: " + (actual.isBlank() ? "nothing" : actual.strip()) + ")",
                        "Postfix does not read this map, or reads it with another map type"));
    }
}
