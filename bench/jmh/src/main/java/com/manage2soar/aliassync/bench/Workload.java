package com.manage2soar.aliassync.bench;

import com.manage2soar.aliassync.model.ApiLists;
import com.manage2soar.aliassync.model.Club;
import com.manage2soar.aliassync.model.ClubLists;
import com.manage2soar.aliassync.model.EmailAddress;
import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.plan.MapReader;
import com.manage2soar.aliassync.plan.MapParser;
import com.manage2soar.aliassync.render.DesiredMap;
import com.manage2soar.aliassync.render.MapText;
import com.manage2soar.aliassync.render.RenderSettings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The data of {@code bench/FakeM2sApi.java} and the config {@code bench/run.sh} writes for it, made in memory:
 * club i is {@code c%04d} with domain {@code c%04d.example.org}; generation g of its lists is what the fake serves
 * after g flips. Keep the two in step: the JMH numbers and the end-to-end numbers are about the same data.
 * What is built here is set up before the clock starts, so it is built in parallel where it can be.
 */
final class Workload {
    static final int LISTS = 8;
    static final int MEMBERS = 500;
    private static final String[] NAMED_LISTS = {"members", "instructors", "towpilots", "board", "treasurer"};
    private static final Path ROOT = Path.of("/srv/m2s-bench");

    private Workload() {}

    static List<Club> clubs(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            String prefix = String.format("c%04d", i);
            return new Club(prefix, List.of(prefix + ".example.org"));
        }).toList();
    }

    /** The files run.sh configures: all four Postfix/Rspamd outputs, rspamd per club, admin_email set. */
    static RenderSettings settings() {
        return new RenderSettings(ROOT.resolve("postfix/virtual"), ROOT.resolve("postfix/sender_whitelist"),
                Optional.of(ROOT.resolve("postfix/recipient_whitelist_check")), Optional.of(ROOT.resolve("rspamd")),
                Optional.empty(), Optional.of(EmailAddress.parse("postmaster@example.org")), Optional.empty());
    }

    /** Club i's response in generation g, as the fake API spells it. */
    static byte[] json(int club, int generation) {
        ApiLists api = api(club, generation);
        StringBuilder b = new StringBuilder(LISTS * MEMBERS * 32);
        b.append("{\"lists\": {");
        for (int k = 0; k < LISTS; k++) {
            String name = listName(k);
            b.append(k > 0 ? ", " : "").append('"').append(name).append("\": ");
            array(b, api.lists().get(name));
        }
        b.append("}, \"whitelist\": ");
        array(b, api.whitelist());
        b.append(", \"bypass_lists\": ");
        array(b, api.bypassLists());
        return b.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void array(StringBuilder b, List<String> values) {
        b.append('[');
        for (int n = 0; n < values.size(); n++) {
            b.append(n > 0 ? ", " : "").append('"').append(values.get(n)).append('"');
        }
        b.append(']');
    }

    /** Club i's lists in generation g: see FakeM2sApi's class comment for the rotation. */
    static ApiLists api(int club, int generation) {
        String[] m = new String[MEMBERS];
        for (int j = 0; j < MEMBERS; j++) {
            String replaced = generation > 0 && j == generation % MEMBERS ? "g" + generation : "";
            m[j] = "m" + club + "x" + j + replaced + "@mail" + (j % 7) + ".example.net";
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (int k = 0; k < LISTS; k++) {
            List<String> members = new ArrayList<>(MEMBERS);
            if (k == 0) {
                members.addAll(List.of(m));
            } else {
                int start = (int) (((long) k * MEMBERS / LISTS + generation) % MEMBERS);
                for (int n = 1; n < MEMBERS; n++) { // member 'start' is left out
                    members.add(m[(start + n) % MEMBERS]);
                }
            }
            lists.put(listName(k), members);
        }
        List<String> whitelist = new ArrayList<>(List.of(m));
        whitelist.add("guest" + club + "@partner.example.com");
        return new ApiLists(lists, whitelist, LISTS >= 5 ? List.of("treasurer") : List.of());
    }

    private static String listName(int k) {
        return k < NAMED_LISTS.length ? NAMED_LISTS[k] : "list" + k;
    }

    /** Every club's validated lists in generation g, as a run holds them after fetching. */
    static Map<String, ClubLists> fetched(List<Club> clubs, int generation) {
        ClubLists[] lists = new ClubLists[clubs.size()];
        IntStream.range(0, lists.length).parallel().forEach(i -> lists[i] = ClubLists.validate(clubs.get(i).prefix(),
                api(i, generation), dropped -> {
                    throw new IllegalStateException("the workload has an invalid entry: " + dropped);
                }));
        Map<String, ClubLists> fetched = new HashMap<>();
        for (int i = 0; i < lists.length; i++) {
            fetched.put(clubs.get(i).prefix(), lists[i]);
        }
        return fetched;
    }

    /**
     * The map files as the previous run left them, read as a run reads them (MapStore.read, without the disk): a text
     * that spells the wanted entries is recognised, any other streamed to the plan entry by entry.
     */
    static MapReader onDisk(List<DesiredMap> written) {
        Map<Path, byte[]> texts = written.parallelStream()
                .collect(Collectors.toMap(map -> map.file().path(), Workload::text));
        return (map, entries) -> {
            byte[] text = texts.get(map.file().path());
            if (text.length == MapText.length(map.file(), map.entries()) && Arrays.equals(text, text(map))) {
                return new MapReader.Found(true, true, false, true);
            }
            try (Reader in = new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.UTF_8)) {
                MapParser.stream(map.file().format(), in, entries, warning -> {
                    throw new IllegalStateException(map.file() + ": " + warning);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new MapReader.Found(true, true, false, false);
        };
    }

    /** The bytes MapStore writes for a map. */
    static byte[] text(DesiredMap map) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(map, bytes);
        return bytes.toByteArray();
    }

    /** As MapStore.prepare writes a file, to {@code out} instead of a temp file. */
    static void write(DesiredMap map, OutputStream out) {
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            MapText.write(map.file(), map.entries(), writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As MapStore.read parses a file, from {@code text} instead of the file. */
    static MapEntries parse(DesiredMap map, byte[] text) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(text),
                StandardCharsets.UTF_8))) {
            return MapParser.parse(map.file().format(), in, warning -> {
                throw new IllegalStateException(map.file() + ": " + warning);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
