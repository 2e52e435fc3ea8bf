package com.manage2soar.aliassync.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** A SortedKeys map is the map of its keys, each once, in sorted order; and it cannot change. */
class SortedKeysProperties {
    @Property(tries = 300)
    void isTheSortedMapOfItsKeys(@ForAll List<@StringLength(max = 6) String> keys, @ForAll @StringLength(max = 6) String other) {
        Map<String, String> expected = new TreeMap<>();
        keys.forEach(key -> expected.put(key, "OK"));
        SortedKeys map = SortedKeys.of(keys, "OK");
        assertEquals(expected, map);
        assertEquals(expected, new HashMap<>(map), "through its entries");
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(map.keySet()), "in sorted order");
        assertEquals(List.of(expected.keySet().toArray(new String[0])), List.of(map.keySet().toArray(new String[0])));
        assertEquals(expected.containsKey(other), map.containsKey(other));
        assertEquals(expected.get(other), map.get(other));
        Map<String, String> blank = new TreeMap<>();
        keys.forEach(key -> blank.put(key, ""));
        assertEquals(blank, map.withValue(""));
    }

    @Example
    void cannotChange() {
        SortedKeys map = SortedKeys.of(List.of("b@x.org", "a@x.org", "b@x.org"), "OK");
        assertEquals(2, map.size());
        assertNull(map.get(1));
        assertFalse(map.containsKey(null));
        assertTrue(map.keySet().contains("a@x.org"));
        assertThrows(UnsupportedOperationException.class, () -> map.put("c@x.org", "OK"));
        assertThrows(UnsupportedOperationException.class, () -> map.keySet().remove("a@x.org"));
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().remove());
        assertThrows(UnsupportedOperationException.class, map::clear);
    }
}
