package com.manage2soar.aliassync.render;

import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.ListName;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.model.MapScope;
import com.manage2soar.aliassync.model.Recipients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: turns the clubs' validated lists into the desired content of every map the job owns.
 * Files of a club that was not fetched are still listed (empty) so the plan can keep their entries.
 *
 * <p>A sender is written once, spelt as Postfix's lookup key, in the Rspamd maps as in sender_whitelist: Rspamd
 * ignores case in map lookups too. Its hash maps hash and compare keys folded to lower case
 * ({@code rspamd_map_ftok_hash} and {@code rspamd_map_ftok_equal} in rspamd's src/libserver/maps/map_helpers.c),
 * and multimap's {@code from} and {@code rcpt} rules look addresses up there (src/plugins/lua/multimap.lua).
 * So another spelling of a sender already written whitelists nobody new.
 */
public final class Renderer {
    static final String SENDER_OK = "OK";
    static final String WHITELIST_REQUIRED = "whitelist_required";
    static final String BYPASS_FILE = "bypass_lists.map";

    private static final MapScope LIST_ADDRESSES = new MapScope.ListAddresses();
    private static final MapScope ALL_CLUBS = new MapScope.AllClubs();

    private final RenderSettings settings;

    public Renderer(RenderSettings settings) {
        this.settings = settings;
    }

    /** Every file the job writes for {@code clubs}, whatever their lists hold. */
    public List<MapFile> files(List<Club> clubs) {
        return maps(clubs, Map.of()).stream().map(DesiredMap::file).toList();
    }

    /** {@code fetched} holds the lists of each club (by prefix) fetched in this run. */
    public List<DesiredMap> render(List<Club> clubs, Map<String, ClubLists> fetched) {
        Map<String, ClubEntries> entries = new HashMap<>();
        for (Club club : clubs) {
            ClubLists lists = fetched.get(club.prefix());
            if (lists != null) {
                entries.put(club.prefix(), club(club, lists));
            }
        }
        return maps(clubs, entries);
    }

    /** One club's share of the maps. */
    public ClubEntries club(Club club, ClubLists lists) {
        Map<String, String> aliases = new HashMap<>();
        List<String> checked = new ArrayList<>();
        for (var list : lists.lists().entrySet()) {
            ListName name = list.getKey();
            boolean delivered = !list.getValue().isEmpty(); // Postfix cannot hold an alias with no recipient
            String recipients = settings.devRedirect()
                    .map(EmailAddress::toString)
                    .orElseGet(() -> Recipients.join(list.getValue()));
            for (String domain : club.domains()) {
                String address = name.at(domain);
                if (delivered) {
                    aliases.put(address, recipients);
                }
                // As the old script: an empty list keeps its whitelist check, so it refuses strangers alike.
                if (!lists.isBypass(name)) {
                    checked.add(address);
                }
            }
        }
        List<String> bypass = new ArrayList<>();
        for (ListName name : lists.bypassLists()) {
            club.domains().forEach(domain -> bypass.add(name.at(domain)));
        }
        settings.adminEmail().ifPresent(admin -> addBounceAliases(club, lists, admin, aliases));
        boolean hasMembers = lists.lists().values().stream().anyMatch(members -> !members.isEmpty());
        return new ClubEntries(lists.lists().size(), hasMembers, DeflatedValues.of(aliases), checked, bypass,
                lists.whitelist().stream().map(EmailAddress::lookupKey).sorted().toList());
    }

    private static void addBounceAliases(Club club, ClubLists lists, EmailAddress admin, Map<String, String> aliases) {
        for (var list : lists.lists().entrySet()) {
            if (list.getValue().isEmpty()) {
                continue;
            }
            for (String domain : club.domains()) {
                // Validation dropped any list named like this: the generated alias wins.
                aliases.put(list.getKey().value() + "-bounces@" + domain, admin.toString());
            }
        }
    }

    /** The desired maps from each fetched club's share (by prefix); a club not fetched has empty files. */
    public List<DesiredMap> maps(List<Club> clubs, Map<String, ClubEntries> fetched) {
        List<DeflatedValues> aliases = new ArrayList<>();
        List<String> senderKeys = new ArrayList<>();
        Map<String, String> recipientCheck = new HashMap<>();
        Map<String, String> bypass = new HashMap<>();
        List<DesiredMap> perClub = new ArrayList<>();
        for (Club club : clubs) {
            ClubEntries entries = fetched.get(club.prefix());
            if (entries != null) {
                aliases.add(entries.aliases());
                entries.checked().forEach(address -> recipientCheck.put(address, WHITELIST_REQUIRED));
                entries.bypass().forEach(address -> bypass.put(address, ""));
                senderKeys.addAll(entries.senders());
            }
            // Rspamd ignores case too: see the class comment
            Map<String, String> clubSenders = entries == null ? Map.of() : SortedKeys.of(entries.senders(), "");
            settings.rspamdDir().ifPresent(dir -> perClub.add(new DesiredMap(
                    new MapFile(dir.resolve(club.prefix() + "_whitelist.map"), MapFormat.RSPAMD_LIST,
                            new MapScope.OneClub(club.prefix())),
                    new MapEntries(clubSenders))));
        }

        List<DesiredMap> maps = new ArrayList<>();
        maps.add(desired(settings.virtualFile(), MapFormat.POSTFIX_ALIASES, LIST_ADDRESSES,
                DeflatedValues.union(aliases)));
        SortedKeys senders = SortedKeys.of(senderKeys, SENDER_OK);
        maps.add(desired(settings.senderWhitelistFile(), MapFormat.POSTFIX_ACCESS, ALL_CLUBS, senders));
        settings.recipientCheckFile().ifPresent(path ->
                maps.add(desired(path, MapFormat.POSTFIX_ACCESS, LIST_ADDRESSES, recipientCheck)));
        settings.rspamdDir().ifPresent(dir -> {
            maps.addAll(perClub);
            maps.add(desired(dir.resolve(BYPASS_FILE), MapFormat.RSPAMD_LIST, LIST_ADDRESSES, bypass));
        });
        settings.rspamdCombinedFile().ifPresent(path ->
                maps.add(desired(path, MapFormat.RSPAMD_LIST, ALL_CLUBS, senders.withValue(""))));
        return maps;
    }

    private static DesiredMap desired(Path path, MapFormat format, MapScope scope,
            Map<String, String> entries) {
        return new DesiredMap(new MapFile(path, format, scope), new MapEntries(entries));
    }
}
