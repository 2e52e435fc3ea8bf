package com.manage2soar.aliassync.check;

import com.manage2soar.aliassync.apply.Postfix;
import com.manage2soar.aliassync.config.SyncConfig;
import com.manage2soar.aliassync.model.Club;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Postfix rewrites through {@code virtual_alias_maps} every recipient it accepts, whatever the
 * address class: a club domain in none of the parameters below gets "Relay access denied" for every
 * list. Each value (expanded by {@code postconf -x}) lists domains, files of domains, and lookup tables,
 * asked with {@code postmap -q}.
 */
final class DomainCheck {
    /** The job's own class first: the others are accepted too, as a server built another way has them. */
    private static final List<String> ACCEPTING = List.of(
            "virtual_alias_domains", "mydestination", "virtual_mailbox_domains", "relay_domains");

    private final SyncConfig config;
    private final Postfix postfix;

    DomainCheck(SyncConfig config, Postfix postfix) {
        this.config = config;
        this.postfix = postfix;
    }

    void check(List<Finding> findings) {
        Map<String, List<String>> accepting = new LinkedHashMap<>();
        for (String parameter : ACCEPTING) {
            postfix.postconf(parameter, true).ifPresent(value -> accepting.put(parameter, List.of(value.strip().split("[,\\s]+"))));
        }
        if (!accepting.containsKey(ACCEPTING.get(0))) {
            findings.add(Finding.warn("virtual_alias_domains", "postconf cannot tell", "is Postfix configured?"));
            return;
        }
        for (Club club : config.clubs()) {
            for (String domain : club.domains()) {
                findings.add(acceptedBy(accepting, domain)
                        .map(parameter -> Finding.ok("domain " + domain, "in " + parameter))
                        .orElseGet(() -> Finding.fail("domain " + domain, "club " + club.prefix() + "'s domain is not in "
                                + String.join(", ", ACCEPTING) + ": Postfix refuses mail to its lists (Relay access denied)",
                                "add it to virtual_alias_domains in main.cf (postconf -e), then postfix reload")));
            }
        }
    }

    private Optional<String> acceptedBy(Map<String, List<String>> accepting, String domain) {
        return accepting.entrySet().stream().filter(e -> accepts(e.getValue(), domain)).map(Map.Entry::getKey).findFirst();
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
