package com.manage2soar.aliassync.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.manage2soar.aliassync.model.MapEntries;
import com.manage2soar.aliassync.model.Recipients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Deflated values read back as they were given, short or long, whatever their characters; and so do their lengths
 * and numbers of recipients, told without inflating.
 */
class DeflatedValuesProperties {
    /** Values around the length from which they are deflated, some with characters beyond ASCII. */
    @Provide
    Arbitrary<Map<String, String>> values() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'e').withChars('@', ',', '.').ofMaxLength(2000),
                Arbitraries.strings().ofMinLength(200).ofMaxLength(400),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(20).map(s -> s.repeat(300)));
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), value).ofMaxSize(20);
    }

    @Property(tries = 300)
    void everyValueReadsBackAsItWasGiven(@ForAll("values") Map<String, String> values) {
        DeflatedValues deflated = DeflatedValues.of(values);
        assertEquals(values, deflated);
        assertEquals(values, new HashMap<>(deflated), "through its entries");
        assertEquals(values.keySet(), deflated.keySet());
        values.keySet().forEach(key -> assertEquals(values.get(key), deflated.get(key)));
        MapEntries entries = new MapEntries(deflated);
        values.forEach((key, value) -> {
            assertEquals(value.length(), entries.length(key), "length of " + key);
            assertEquals(Recipients.count(value), entries.recipients(key), "recipients of " + key);
        });
    }

    @Example
    void aKeyInTwoSharesHasTheLatersValueAndTheMapCannotChange() {
        String list = "a@x.net,".repeat(100) + "b@x.net";
        DeflatedValues union = DeflatedValues.union(List.of(DeflatedValues.of(Map.of("members@c.org", list, "k", "1")),
                DeflatedValues.of(Map.of("k", "2"))));
        assertEquals(Map.of("members@c.org", list, "k", "2"), union);
        assertNull(union.get("other"));
        assertFalse(union.containsKey("other"));
        assertThrows(UnsupportedOperationException.class, () -> union.put("k", "3"));
        assertThrows(UnsupportedOperationException.class, () -> union.keySet().remove("k"));
    }
}
