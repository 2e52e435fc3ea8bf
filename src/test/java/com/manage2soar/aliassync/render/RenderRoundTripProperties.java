package com.manage2soar.aliassync.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.ListName;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.MapFormat;
import com.manage2soar.aliassync.plan.MapParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the API sends, every rendered map parses back to exactly the validated entries: no
 * extra line, key or value can be smuggled in through a list name or an address.
 */
class RenderRoundTripProperties {
    private static final Path ROOT = Path.of("/srv/maps");
    private static final Club CLUB = new Club("club", List.of("club.example.org", "other.example.net"));

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> pieces = Arbitraries.of("a", "Z", "0", ".", "-", "_", "+", "@", "@x.org", " ", "\t", "\n",
                "\r", "\u0000", "#", ",", ":", ";", "\"", "\\", "<", ">", "(", ")", "[", "]", "/", "..", "é", "\u2028",
                "OK", "  OK\nspam@evil.test", "x.org", "members", "\u00a0");
        Arbitrary<String> mixed = pieces.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
        Arbitrary<String> plausible = Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(4)
                .map(s -> s + "@" + s + ".org");
        return Arbitraries.oneOf(mixed, plausible, Arbitraries.strings().ofMaxLength(30));
    }

    @Provide
    Arbitrary<ApiLists> responses() {
        Arbitrary<List<String>> addresses = hostile().list().ofMaxSize(6);
        Arbitrary<Map<String, List<String>>> lists = Arbitraries.maps(hostile(), addresses).ofMaxSize(5);
        return net.jqwik.api.Combinators.combine(lists, addresses, hostile().list().ofMaxSize(3)).as(ApiLists::new);
    }

    @Property(tries = 500)
    void everyRenderedMapParsesBackToExactlyTheValidatedEntries(@ForAll("responses") ApiLists api) throws IOException {
        List<String> dropped = new ArrayList<>();
        ClubLists lists = ClubLists.validate("club", api, d -> dropped.add(d.value()));
        RenderSettings settings = RenderSettings.of(ROOT.resolve("virtual"), ROOT.resolve("sender_whitelist"))
                .withRecipientCheckFile(ROOT.resolve("recipient_whitelist_check"))
                .withRspamdDir(ROOT.resolve("rspamd"))
                .withAdminEmail(EmailAddress.parse("postmaster@example.org"));
        Set<String> listAddresses = new TreeSet<>();
        for (var list : lists.lists().entrySet()) {
            if (!list.getValue().isEmpty()) {
                for (String domain : CLUB.domains()) {
                    listAddresses.add(list.getKey().at(domain));
                    listAddresses.add(list.getKey() + "-bounces@" + domain);
                }
            }
        }
        for (DesiredMap map : new Renderer(settings).render(List.of(CLUB), Map.of("club", lists))) {
            String text = MapText.toString(map.file(), map.entries());
            MapEntries parsed = MapParser.parse(map.file().format(), new BufferedReader(new StringReader(text)),
                    w -> { throw new AssertionError(w); });
            assertEquals(map.entries(), parsed, text);
            for (String line : text.split("\n", -1)) {
                int fields = line.isBlank() || line.startsWith("#") ? 0 : line.trim().split("\\s+").length;
                assertTrue(fields <= (map.file().format() == MapFormat.RSPAMD_LIST ? 1 : 2), "line: " + line);
            }
            for (String key : map.entries().byKey().keySet()) {
                if (map.file().name().equals("virtual")) {
                    assertTrue(listAddresses.contains(key), "unexpected key " + key);
                }
                EmailAddress.parse(key); // every key is itself a valid address
            }
        }
        for (ListName name : lists.lists().keySet()) {
            assertTrue(name.value().matches("[a-z0-9][a-z0-9._+-]{0,63}"), name.value());
        }
    }
}
