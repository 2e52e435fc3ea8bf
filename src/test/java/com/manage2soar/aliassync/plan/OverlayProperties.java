package com.manage2soar.aliassync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** An overlay reads as the copy of its base with its other map put over it, which it stands for. */
class OverlayProperties {
    @Provide
    Arbitrary<Map<String, String>> entries() {
        return Arbitraries.maps(Arbitraries.of("a", "b", "c", "d", "e", "f"), Arbitraries.of("1", "2", "3")).ofMaxSize(6);
    }

    @Property(tries = 500)
    void readsAsTheBaseWithTheOtherMapPutOverIt(@ForAll("entries") Map<String, String> base,
            @ForAll("entries") Map<String, String> over) {
        Map<String, String> copy = new HashMap<>(base);
        copy.putAll(over);
        Overlay overlay = new Overlay(base, over);
        assertEquals(copy, overlay);
        assertEquals(copy, new HashMap<>(overlay), "through its entries");
        assertEquals(copy.keySet(), overlay.keySet());
        assertEquals(copy.size(), overlay.keySet().size());
        for (String key : new String[] {"a", "b", "c", "d", "e", "f"}) {
            assertEquals(copy.get(key), overlay.get(key));
            assertEquals(copy.containsKey(key), overlay.keySet().contains(key));
        }
    }
}
