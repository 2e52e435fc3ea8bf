package com.manage2soar.aliassync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.Legacy;
import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.MapFile;
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
        return planner.plan(Legacy.clubs(), fetched, desired, legacyOnDisk(renderer.render(Legacy.clubs(), Legacy.lists())));
    }

    private static String text(Plan plan) {
        StringWriter out = new StringWriter();
        PlanText.print(plan, new PrintWriter(out));
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
                List.of(), List.of("treasurer")), d -> {}));
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
        // c0002's whitelist went empty, but merged sender_whitelist entries cannot be traced to a
        // club while c0001 is unknown, so none is removed.
        FileChange senders = file(plan, "sender_whitelist");
        assertTrue(senders.changes().isEmpty(), senders.changes().toString());
        assertEquals(9, file(plan, "c0002_whitelist.map").changes().size());
        assertEquals(1, file(plan, "virtual").changes().size());
    }

    @Test
    void removingMoreThanTheAllowedShareOfRecipientsIsRefused() throws IOException {
        Map<String, ClubLists> fetched = new LinkedHashMap<>(Legacy.lists());
        fetched.put("c0000", ClubLists.validate("c0000", new ApiLists(Map.of(
                "members", List.of("m0x0@mail0.example.net"), "board", List.of("m0x4@mail4.example.net")),
                List.of(), List.of()), d -> {}));
        Plan plan = plan(fetched);
        assertEquals(1, plan.refusals().size(), plan.refusals().toString());
        assertTrue(plan.refusals().get(0).reason().contains("removes 15 of 57 list recipients"), plan.refusals().toString());
        assertTrue(text(plan).contains("REFUSED: the plan removes 15 of 57"), text(plan));
    }

    @Test
    void anEmptiedListOrClubIsRefusedEvenWhenSmall() throws IOException {
        Planner lenient = new Planner(100);
        Map<String, ClubLists> fetched = new LinkedHashMap<>(Legacy.lists());
        fetched.put("c0000", ClubLists.validate("c0000", new ApiLists(Map.of(), List.of(), List.of()), d -> {}));
        fetched.put("c0001", ClubLists.validate("c0001", new ApiLists(Map.of(
                "members", List.of("m1x0@mail0.example.net"), "board", List.of("not-an-address")),
                List.of(), List.of()), d -> {}));
        List<DesiredMap> desired = renderer.render(Legacy.clubs(), fetched);
        Plan plan = lenient.plan(Legacy.clubs(), fetched, desired,
                legacyOnDisk(renderer.render(Legacy.clubs(), Legacy.lists())));
        assertEquals(List.of(
                new Refusal("club c0000: the API returned no list with a valid member, but its lists have members now"),
                new Refusal("club c0001: list board has no valid member in the API, but has 1 now")), plan.refusals());
    }

    @Test
    void aMissingFileOrIndexIsWrittenEvenWithoutEntryChanges() throws IOException {
        List<DesiredMap> desired = renderer.render(Legacy.clubs(), Legacy.lists());
        Map<Path, CurrentMap> current = legacyOnDisk(desired);
        MapFile virtual = desired.get(0).file();
        current.put(virtual.path(), new CurrentMap(true, current.get(virtual.path()).entries(), false));
        current.remove(desired.get(1).file().path());
        Plan plan = planner.plan(Legacy.clubs(), Legacy.lists(), desired, current);
        assertEquals(List.of(virtual, desired.get(1).file()), plan.filesToWrite().stream().map(FileChange::file).toList());
        assertTrue(text(plan).contains("virtual: index missing, will be rebuilt"), text(plan));
    }

    private static FileChange file(Plan plan, String name) {
        return plan.files().stream().filter(f -> f.file().name().equals(name)).findFirst().orElseThrow();
    }
}
