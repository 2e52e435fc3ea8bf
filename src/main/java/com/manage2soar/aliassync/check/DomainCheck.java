package com.manage2soar.aliassync.check;

import com.manage2soar.aliassync.apply.Postfix;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.Club;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Postfix applies virtual aliases to mail it accepts: a club domain missing from
 * {@code virtual_alias_domains} gets "Relay access denied" for every list. Its value (expanded by
 * {@code postconf -x}) lists domains, files of domains, and lookup tables, asked with {@code postmap -q}.
 */
final class DomainCheck {
    private final SyncConfig config;
    private final Postfix postfix;

    DomainCheck(SyncConfig config, Postfix postfix) {
        this.config = config;
        this.postfix = postfix;
    }

    void check(List<Finding> findings) {
        Optional<String> value = postfix.postconf("virtual_alias_domains", true);
        if (value.isEmpty()) {
            findings.add(Finding.warn("virtual_alias_domains", "postconf cannot tell", "is Postfix configured?"));
            return;
        }
        List<String> entries = List.of(value.get().strip().split("[,\\s]+"));
        for (Club club : config.clubs()) {
            for (String domain : club.domains()) {
                findings.add(accepts(entries, domain)
                        ? Finding.ok("domain " + domain, "in virtual_alias_domains")
                        : Finding.fail("domain " + domain, "club " + club.prefix() + "'s domain is not in "
                                + "virtual_alias_domains: Postfix refuses mail to its lists (Relay access denied)",
                                "add it to virtual_alias_domains in main.cf (postconf -e), then postfix reload"));
            }
        }
    }

    private boolean accepts(List<String> entries, String domain) {
        for (String entry : entries) {
            boolean found = entry.startsWith("/") ? listedIn(Path.of(entry), domain)
                    : entry.contains(":") ? lookUp(entry, domain)
                    : entry.toLowerCase(Locale.ROOT).equals(domain);
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** A "/file/name" entry stands for the domains the file lists. */
    private static boolean listedIn(Path file, String domain) {
        try {
            List<String> words = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                words.addAll(List.of(line.replaceAll("#.*", "").strip().toLowerCase(Locale.ROOT).split("[,\\s]+")));
            }
            return words.contains(domain);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean lookUp(String table, String domain) {
        try {
            return postfix.query(table, domain).exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
