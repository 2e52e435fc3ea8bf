package com.manage2soar.aliassync.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.Legacy;
import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.MapFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden files: src/test/golden/NAME is what we render for NAME from the legacy API
 * fixtures. Regenerate with -Dgolden.update=true, then review the diff like code.
 */
class RendererTest {
    private static final Path ROOT = Path.of("/srv/maps");

    private static Map<String, String> renderLegacy(RenderSettings settings) {
        List<DesiredMap> maps = new Renderer(settings).render(Legacy.clubs(), Legacy.lists());
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (DesiredMap map : maps) {
            texts.put(ROOT.relativize(map.file().path()).toString(), MapText.toString(map.file(), map.entries()));
        }
        return texts;
    }

    @Test
    void rendersEveryLegacyFileAsTheGoldenCopy() throws IOException {
        Map<String, String> texts = renderLegacy(Legacy.settings(ROOT));
        assertEquals(List.of("postfix/virtual", "postfix/sender_whitelist", "postfix/recipient_whitelist_check",
                "rspamd/c0000_whitelist.map", "rspamd/c0001_whitelist.map", "rspamd/c0002_whitelist.map",
                "rspamd/bypass_lists.map"), List.copyOf(texts.keySet()));
        for (var text : texts.entrySet()) {
            assertGolden("legacy/" + text.getKey(), text.getValue());
        }
    }

    @Test
    void theFilesAreThoseRenderedWhateverTheListsHold() {
        Renderer renderer = new Renderer(Legacy.settings(ROOT));
        List<MapFile> rendered = renderer.render(Legacy.clubs(), Legacy.lists()).stream().map(DesiredMap::file).toList();

        assertEquals(rendered, renderer.files(Legacy.clubs()));
        assertEquals(7, rendered.size(), rendered::toString);
    }

    @Test
    void sameInputGivesByteIdenticalOutput() {
        assertEquals(renderLegacy(Legacy.settings(ROOT)), renderLegacy(Legacy.settings(ROOT)));
    }

    @Test
    void olderObjectShapeRendersExactlyLikeTheCurrentShape() {
        ClubLists current = Legacy.lists("api/c0000.json", "c0000");
        ClubLists older = Legacy.lists("api/c0000-object-shape.json", "c0000");
        assertEquals(current, older);
    }

    @Test
    void devModeSendsEveryListToTheRedirectAndKeepsBounces() throws IOException {
        RenderSettings base = Legacy.settings(ROOT);
        RenderSettings dev = RenderSettings.of(base.virtualFile(), base.senderWhitelistFile())
                .withRecipientCheckFile(base.recipientCheckFile().orElseThrow())
                .withAdminEmail(base.adminEmail().orElseThrow())
                .withDevRedirect(EmailAddress.parse("dev@example.org"));
        assertGolden("dev-mode/virtual", renderLegacy(dev).get("postfix/virtual"));
    }

    @Test
    void everyDomainOfAClubGetsEveryListAndLegacyCombinedRspamdFile() throws IOException {
        RenderSettings settings = RenderSettings.of(ROOT.resolve("virtual"), ROOT.resolve("sender_whitelist"))
                .withRecipientCheckFile(ROOT.resolve("recipient_whitelist_check"))
                .withRspamdCombinedFile(ROOT.resolve("rspamd_whitelist.map"));
        Club club = new Club("ssc", List.of("ssc.example.org", "skylinesoaring.org"));
        ApiLists api = new ApiLists(Map.of("members", List.of("b@y.com", "A@X.ORG", "a@x.org"),
                "treasurer", List.of("t@z.net"), "empty", List.of()),
                List.of("a@x.org", "outside@partner.org"), List.of("treasurer"));
        ClubLists lists = ClubLists.validate("ssc", api, d -> {});
        var maps = new Renderer(settings).render(List.of(club), Map.of("ssc", lists));
        for (DesiredMap map : maps) {
            assertGolden("multi-domain/" + map.file().name(), MapText.toString(map.file(), map.entries()));
        }
        String virtual = MapText.toString(maps.get(0).file(), maps.get(0).entries());
        assertFalse(virtual.contains("empty@"), "a list with no member has no alias");
        assertTrue(virtual.contains("members@skylinesoaring.org  A@x.org,b@y.com\n"), virtual);
    }

    @Test
    void asTheOldScriptAnEmptyListKeepsItsWhitelistCheckAndEveryBypassNameIsInTheBypassMap() {
        RenderSettings settings = RenderSettings.of(ROOT.resolve("virtual"), ROOT.resolve("sender_whitelist"))
                .withRecipientCheckFile(ROOT.resolve("recipient_whitelist_check"))
                .withRspamdDir(ROOT.resolve("rspamd"));
        ClubLists lists = ClubLists.validate("SSC", new ApiLists(Map.of("members", List.of("a@x.org"),
                "safety-officer", List.of()), List.of("Bob@X.org"), List.of("Treasurer")), d -> {});
        var maps = new Renderer(settings).render(List.of(new Club("SSC", List.of("ssc.example.org"))), Map.of("SSC", lists));

        assertEquals(Map.of("members@ssc.example.org", "a@x.org"), maps.get(0).entries().byKey());
        assertEquals(Map.of("members@ssc.example.org", "whitelist_required", "safety-officer@ssc.example.org",
                "whitelist_required"), maps.get(2).entries().byKey());
        assertEquals("rspamd/SSC_whitelist.map", ROOT.relativize(maps.get(3).file().path()).toString());
        assertEquals(Map.of("bob@x.org", ""), maps.get(3).entries().byKey());
        assertEquals(Map.of("treasurer@ssc.example.org", ""), maps.get(4).entries().byKey());
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        if (!Files.exists(file)) {
            throw new AssertionError("no golden file " + file + "; run with -Dgolden.update=true and review it");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + name);
    }
}
