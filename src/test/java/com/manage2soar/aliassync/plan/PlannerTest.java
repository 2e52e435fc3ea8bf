package com.manage2soar.aliassync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.Legacy;
import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.MapFile;
import com.manage2soar.aliassync.render.ClubEntries;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.Renderer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private final Renderer renderer = new Renderer(Legacy.settings(Legacy.maps()));
    private final Planner planner = new Planner(20);

    /** The old script's files as the current state, each with its index present. */
    private static Map<Path, CurrentMap> legacyOnDisk(List<DesiredMap> desired) throws IOException {
        Map<Path, CurrentMap> current = new HashMap<>();
        for (DesiredMap map : desired) {
            try (BufferedReader in = Files.newBufferedReader(map.file().path())) {
                current.put(map.file().path(),
                        new CurrentMap(true, MapParser.parse(map.file().format(), in, w -> {}), true));
            }
        }
        return current;
    }

    private Plan plan(Map<String, ClubLists> fetched) throws IOException {
        List<DesiredMap> desired = renderer.render(Legacy.clubs(), fetched);
        return planner.plan(Legacy.clubs(), entries(fetched), desired, legacyOnDisk(renderer.render(Legacy.clubs(), Legacy.lists())));
    }

    private static MapReader read(Map<Path, CurrentMap> onDisk) {
        return MapReader.of(map -> onDisk.getOrDefault(map.file().path(), CurrentMap.MISSING));
    }

    /** Each club's share of the maps, as a run renders it from the club's validated lists. */
    private Map<String, ClubEntries> entries(Map<String, ClubLists> fetched) {
        Map<String, ClubEntries> entries = new HashMap<>();
        Legacy.clubs().stream().filter(club -> fetched.containsKey(club.prefix()))
                .forEach(club -> entries.put(club.prefix(), renderer.club(club, fetched.get(club.prefix()))));
        return entries;
    }

    private static String text(Plan plan) {
        StringWriter out = new StringWriter();
        PlanText.print(plan, true, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void theOldScriptsFilesWithTheSameApiDataPlanNothing() throws IOException {
        Plan plan = plan(Legacy.lists());
        assertFalse(plan.hasChanges(), text(plan));
        assertFalse(plan.needsReload());
        assertEquals("Plan: no changes; 7 files in sync.\n", text(plan));
    }

    @Test
    void membershipChangesArePlannedPerKeyAndRecipient() throws IOException {
        Map<String, ClubLists> fetched = new LinkedHashMap<>(Legacy.lists());
        fetched.put("c0001", ClubLists.validate("c0001", new ApiLists(Map.of(
                "members", List.of("m1x0@mail0.example.net", "m1x1@mail1.example.net", "m1x2@mail2.example.net",
                        "m1x3@mail3.example.net", "m1x4@mail4.example.net", "m1x5@mail5.example.net",
                        "m1x6@mail6.example.net", "new@mail9.example.net"),
                "instructors", List.of("m1x1@mail1.example.net", "m1x7@mail0.example.net"),
                "towpilots", List.of("m1x3@mail3.example.net", "m1x5@mail5.example.net"),
                "board", List.of("m1x6@mail6.example.net"),
                "treasurer", List.of("m1x0@mail0.example.net"),
                "gliding-camp", List.of("m1x2@mail2.example.net")),
                List.of("m1x0@mail0.example.net"), List.of("treasurer")), d -> {}));
        Plan plan = plan(fetched);
        assertFalse(plan.refused(), plan.refusals().toString());
        String expected = """
                %1$s/postfix/virtual: 3 key(s) change
                  + gliding-camp-bounces@c0001.example.org  postmaster@example.org
                  + gliding-camp@c0001.example.org  m1x2@mail2.example.net
                  ~ members@c0001.example.org
                      + new@mail9.example.net
                      - m1x7@mail0.example.net
                """.formatted(Legacy.maps());
        assertTrue(text(plan).startsWith(expected), text(plan));
        assertTrue(text(plan).contains("  + gliding-camp@c0001.example.org  whitelist_required\n"));
        assertTrue(text(plan).contains("  - m1x7@mail0.example.net  OK\n"), "whitelist shrinks");
        assertTrue(text(plan).endsWith("Plan: 4 of 7 files to write; keys: 3 added, 16 removed, 1 changed; Postfix reload.\n"),
                text(plan));
        StringWriter withoutReloadCommand = new StringWriter();
        PlanText.print(plan, false, new PrintWriter(withoutReloadCommand));
        assertTrue(withoutReloadCommand.toString().endsWith("1 changed; no Postfix reload.\n"), "reload_command: []");
    }

    @Test
    void aClubThatFailedKeepsAllItsEntriesWhileOthersChange() throws IOException {
        Map<String, ClubLists> fetched = new LinkedHashMap<>(Legacy.lists());
        fetched.remove("c0001");
        fetched.put("c0002", ClubLists.validate("c0002", new ApiLists(Map.of(
                "members", List.of("m2x0@mail0.example.net", "m2x1@mail1.example.net", "m2x2@mail2.example.net",
                        "m2x3@mail3.example.net", "m2x4@mail4.example.net", "m2x5@mail5.example.net",
                        "m2x6@mail6.example.net", "m2x7@mail0.example.net", "extra@mail1.example.net"),
                "instructors", List.of("m2x2@mail2.example.net", "m2x4@mail4.example.net"),
                "towpilots", List.of("m2x1@mail1.example.net", "m2x3@mail3.example.net"),
                "board", List.of("m2x1@mail1.example.net"),
                "treasurer", List.of("m2x5@mail5.example.net")),
                List.of("m2x0@mail0.example.net"), List.of("treasurer")), d -> {}));
        Plan plan = plan(fetched);
        for (FileChange file : plan.files()) {
            for (KeyChange change : file.changes()) {
                assertFalse(change.key().contains("c0001") || change.key().startsWith("m1x") || change.key().startsWith("guest1"),
                        "failed club c0001 must keep its entries: " + change);
            }
            if (file.file().name().equals("c0001_whitelist.map")) {
                assertFalse(file.needsWrite());
            }
        }
        // c0002's whitelist shrank, but merged sender_whitelist entries cannot be traced to a
        // club while c0001 is unknown, so none is removed.
        FileChange senders = file(plan, "sender_whitelist");
        assertTrue(senders.changes().isEmpty(), senders.changes().toString());
        assertEquals(8, file(plan, "c0002_whitelist.map").changes().size());
        assertEquals(1, file(plan, "virtual").changes().size());
    }

    private static ClubLists club(String prefix, Map<String, List<String>> lists, List<String> whitelist) {
        return ClubLists.validate(prefix, new ApiLists(lists, whitelist, List.of()), d -> {});
    }

    /** c0000's lists and whitelist as the fixture has them, with {@code change} applied to the lists. */
    private static ClubLists c0000(java.util.function.Consumer<Map<String, List<String>>> change) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Legacy.lists().get("c0000").lists().forEach((name, members) ->
                lists.put(name.value(), members.stream().map(Object::toString).toList()));
        change.accept(lists);
        return club("c0000", lists, Legacy.lists().get("c0000").whitelist().stream().map(Object::toString).toList());
    }

    private static Map<String, ClubLists> withC0000(ClubLists c0000) {
        Map<String, ClubLists> fetched = new LinkedHashMap<>(Legacy.lists());
        fetched.put("c0000", c0000);
        return fetched;
    }

    private static Map<String, String> entries(Plan plan, String file) {
        return file(plan, file).desired().byKey();
    }

    @Test
    void aClubLosingMoreThanTheAllowedShareOfItsRecipientsIsRefusedAndKeepsItsEntries() throws IOException {
        Plan plan = plan(withC0000(c0000(lists -> {
            lists.keySet().retainAll(List.of("members", "board"));
            lists.put("members", List.of("m0x0@mail0.example.net"));
        })));
        assertEquals(List.of(new Refusal.OfClub("c0000", Refusal.Cause.TOO_MANY_REMOVED,
                "the plan removes 15 of its 19 list recipients (78.9%), more than safety.max_removed_percent = 20%")),
                plan.refusals());
        assertFalse(plan.hasChanges(), text(plan));
        assertTrue(text(plan).contains("REFUSED: club c0000 keeps its current entries: the plan removes 15 of its 19"), text(plan));
    }

    @Test
    void aRefusedClubKeepsItsEntriesInEveryFileWhileTheOtherClubIsApplied() throws IOException {
        Map<String, ClubLists> fetched = withC0000(club("c0000", Map.of(), List.of()));
        ClubLists c0002 = Legacy.lists().get("c0002");
        Map<String, List<String>> lists = new LinkedHashMap<>();
        c0002.lists().forEach((name, members) -> lists.put(name.value(), members.stream().map(Object::toString).toList()));
        lists.put("board", List.of("m2x1@mail1.example.net", "new@mail9.example.net"));
        fetched.put("c0002", ClubLists.validate("c0002", new ApiLists(lists,
                c0002.whitelist().stream().map(Object::toString).toList(), List.of("treasurer")), d -> {}));

        Plan plan = plan(fetched);
        assertEquals(List.of(new Refusal.OfClub("c0000", Refusal.Cause.LISTS_EMPTIED,
                "the API returned no list with a valid member, but its lists have members now")), plan.refusals());
        assertFalse(plan.blocked());
        assertEquals("m0x4@mail4.example.net", entries(plan, "virtual").get("board@c0000.example.org"));
        assertEquals("m2x1@mail1.example.net,new@mail9.example.net", entries(plan, "virtual").get("board@c0002.example.org"));
        assertFalse(file(plan, "c0000_whitelist.map").needsWrite());
        assertTrue(entries(plan, "sender_whitelist").containsKey("guest0@partner.example.com"));
        assertEquals(List.of("board@c0002.example.org"), file(plan, "virtual").changes().stream().map(KeyChange::key).toList());

        Plan forced = planner.plan(Legacy.clubs(), entries(fetched), renderer.render(Legacy.clubs(), fetched),
                read(legacyOnDisk(renderer.render(Legacy.clubs(), Legacy.lists()))), List.of(), true);
        assertEquals(plan.refusedClubs(), forced.refusedClubs(), "still reported");
        assertFalse(entries(forced, "virtual").containsKey("board@c0000.example.org"), "--force applies it");
    }

    @Test
    void aSingleListEmptyingWhileTheClubsOtherListsKeepTheirMembersIsApplied() throws IOException {
        Plan plan = plan(withC0000(c0000(lists -> lists.put("board", List.of()))));
        assertEquals(List.of(), plan.refusals());
        assertFalse(entries(plan, "virtual").containsKey("board@c0000.example.org"));
        assertTrue(entries(plan, "virtual").containsKey("members@c0000.example.org"));
    }

    @Test
    void aSmallLossIsNotRefusedBelowTheMinimumCountEvenAboveTheShare() throws IOException {
        Map<String, ClubLists> fetched = withC0000(c0000(lists -> lists.put("members",
                List.of("m0x0@mail0.example.net", "m0x4@mail4.example.net", "m0x5@mail5.example.net",
                        "m0x6@mail6.example.net", "m0x7@mail0.example.net"))));
        List<DesiredMap> desired = renderer.render(Legacy.clubs(), fetched);
        Map<Path, CurrentMap> current = legacyOnDisk(renderer.render(Legacy.clubs(), Legacy.lists()));
        // 3 of c0000's 19 recipients (16%) is more than 10%, but fewer than 10 recipients.
        Plan plan = new Planner(new SafetyRules(10, 10)).plan(Legacy.clubs(), entries(fetched), desired, read(current), List.of(), false);
        assertEquals(List.of(), plan.refusals());
        assertTrue(plan.hasChanges());

        Plan strict = new Planner(new SafetyRules(10, 3)).plan(Legacy.clubs(), entries(fetched), desired, read(current), List.of(), false);
        assertEquals(List.of("c0000"), strict.refusedClubs().stream().map(Refusal.OfClub::club).toList());
    }

    @Test
    void aClubWhoseWhitelistEmptiesIsRefused() throws IOException {
        Map<String, ClubLists> fetched = withC0000(club("c0000", Map.of("members", List.of("m0x0@mail0.example.net",
                "m0x1@mail1.example.net", "m0x2@mail2.example.net", "m0x3@mail3.example.net", "m0x4@mail4.example.net",
                "m0x5@mail5.example.net", "m0x6@mail6.example.net", "m0x7@mail0.example.net"),
                "instructors", List.of("m0x6@mail6.example.net", "m0x7@mail0.example.net"),
                "towpilots", List.of("m0x0@mail0.example.net", "m0x6@mail6.example.net"),
                "board", List.of("m0x4@mail4.example.net"), "treasurer", List.of("m0x7@mail0.example.net")), List.of()));
        Plan plan = plan(fetched);
        assertEquals(List.of(Refusal.Cause.WHITELIST_EMPTIED),
                plan.refusedClubs().stream().map(Refusal.OfClub::cause).toList());
        assertFalse(file(plan, "c0000_whitelist.map").needsWrite());
    }

    @Test
    void allClubsTogetherLosingTooMuchIsRefusedAsAWhole() throws IOException {
        // c0000 left the config: its entries go, and no per-club check can judge that.
        List<com.manage2soar.aliassync.model.Club> two = Legacy.clubs().subList(1, 3);
        Map<String, ClubLists> fetched = new LinkedHashMap<>(Legacy.lists());
        fetched.remove("c0000");
        Plan plan = planner.plan(two, entries(fetched), renderer.render(two, fetched),
                read(legacyOnDisk(renderer.render(Legacy.clubs(), Legacy.lists()))), List.of(), false);
        assertTrue(plan.blocked(), plan.refusals().toString());
        assertEquals(List.of(new Refusal.OfPlan("the plan removes 19 of 57 list recipients of all clubs (33.3%), more "
                + "than safety.max_removed_percent = 20%")), plan.refusals());
    }

    @Test
    void aMissingFileOrIndexIsWrittenEvenWithoutEntryChanges() throws IOException {
        List<DesiredMap> desired = renderer.render(Legacy.clubs(), Legacy.lists());
        Map<Path, CurrentMap> current = legacyOnDisk(desired);
        MapFile virtual = desired.get(0).file();
        current.put(virtual.path(), new CurrentMap(true, current.get(virtual.path()).entries(), false));
        current.remove(desired.get(1).file().path());
        Plan plan = planner.plan(Legacy.clubs(), entries(Legacy.lists()), desired, current);
        assertEquals(List.of(virtual, desired.get(1).file()), plan.filesToWrite().stream().map(FileChange::file).toList());
        assertTrue(text(plan).contains("virtual: index missing, will be rebuilt"), text(plan));
    }

    private static FileChange file(Plan plan, String name) {
        return plan.files().stream().filter(f -> f.file().name().equals(name)).findFirst().orElseThrow();
    }
}
