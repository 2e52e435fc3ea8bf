package com.manage2soar.aliassync.render;

import com.manage2soar.aliassync.model.AliasValues;
import com.manage2soar.aliassync.model.Recipients;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Alias values held deflated, an unmodifiable map like any other to its readers. A run holds every club's
 * recipients from the moment its answer is rendered until the maps are written, and lists of addresses compress
 * several times over: 5000 clubs of 8 lists of 500 hold 540 MB of recipients as text, some 65 MB deflated. Each
 * read inflates its value again (some 900 MB/s), and a reader that goes through every value (the plan, the safety
 * tally, the write) holds one at a time. Keys, and values too short to gain, stay as they are. Each value's length
 * and number of recipients are kept beside it (see {@link AliasValues}), known without inflating.
 *
 * <p>Its {@code equals} and {@code hashCode} inflate every value, as a map's must: compare it by identity.
 */
public final class DeflatedValues extends AbstractMap<String, String> implements AliasValues {
    /** Below this many characters a value is kept as it is: deflating would save little and cost a zlib stream. */
    private static final int SHORT = 256;
    /** A deflated value starts with its number of UTF-8 bytes, of characters and of recipients. */
    private static final int BYTES = 0;
    private static final int CHARS = Integer.BYTES;
    private static final int RECIPIENTS = 2 * Integer.BYTES;
    private static final int HEADER = 3 * Integer.BYTES;

    /**
     * zlib streams, reused: making one allocates and clears some 256 KB of native memory (a deflater) or 40 KB (an
     * inflater), more than deflating a list costs. As many as threads use them at once.
     */
    private static final Queue<Deflater> DEFLATERS = new ConcurrentLinkedQueue<>();
    private static final Queue<Inflater> INFLATERS = new ConcurrentLinkedQueue<>();

    /** Each key's value: a String, or a {@link #deflate deflated} one. */
    private final Map<String, Object> values;

    private DeflatedValues(Map<String, Object> values) {
        this.values = values;
    }

    /** {@code values} deflated; a value that several keys share (a list in two domains) is deflated once. */
    public static DeflatedValues of(Map<String, String> values) {
        Map<String, Object> deflated = new HashMap<>(values.size() * 4 / 3 + 1);
        Map<String, byte[]> done = new IdentityHashMap<>();
        values.forEach((key, value) -> deflated.put(key,
                value.length() < SHORT ? value : done.computeIfAbsent(value, DeflatedValues::deflate)));
        return new DeflatedValues(deflated);
    }

    /** All of {@code shares}' keys, without inflating a value; of a key in two, the later's value. */
    public static DeflatedValues union(Collection<DeflatedValues> shares) {
        Map<String, Object> all = new HashMap<>();
        shares.forEach(share -> all.putAll(share.values));
        return new DeflatedValues(all);
    }

    @Override
    public String get(Object key) {
        Object value = values.get(key);
        return value == null ? null : inflate(value);
    }

    @Override
    public int length(String key) {
        Object value = Objects.requireNonNull(values.get(key), key);
        return value instanceof String text ? text.length() : header(value, CHARS);
    }

    @Override
    public int recipients(String key) {
        Object value = Objects.requireNonNull(values.get(key), key);
        return value instanceof String text ? Recipients.count(text) : header(value, RECIPIENTS);
    }

    private static int header(Object deflated, int field) {
        return ByteBuffer.wrap((byte[]) deflated).getInt(field);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public Set<String> keySet() {
        return Collections.unmodifiableSet(values.keySet());
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                Iterator<Entry<String, Object>> entries = values.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Entry<String, String> next() {
                        Entry<String, Object> entry = entries.next();
                        return Map.entry(entry.getKey(), inflate(entry.getValue()));
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }

    /** The value's UTF-8 bytes deflated (raw, at the fastest level), after the {@link #HEADER}. */
    private static byte[] deflate(String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = Objects.requireNonNullElseGet(DEFLATERS.poll(),
                () -> new Deflater(Deflater.BEST_SPEED, true));
        try {
            deflater.setInput(text);
            deflater.finish();
            // Lists of addresses deflate to an eighth or less: a quarter is room enough, grown if not.
            byte[] out = new byte[HEADER + text.length / 4 + 64];
            ByteBuffer.wrap(out).putInt(BYTES, text.length).putInt(CHARS, value.length())
                    .putInt(RECIPIENTS, recipients(text));
            int length = HEADER;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return Arrays.copyOf(out, length);
        } finally {
            deflater.reset();
            DEFLATERS.offer(deflater);
        }
    }

    /**
     * {@code Recipients.count} of a value's UTF-8 bytes (a comma is one byte there), in one loop: its calls of
     * {@code indexOf}, one per recipient, made deflating at 500 clubs half as slow again.
     */
    private static int recipients(byte[] text) {
        int commas = 0;
        for (byte b : text) {
            if (b == ',') {
                commas++;
            }
        }
        return text.length == 0 ? 0 : commas + 1;
    }

    private static String inflate(Object value) {
        if (value instanceof String text) {
            return text;
        }
        byte[] deflated = (byte[]) value;
        byte[] text = new byte[ByteBuffer.wrap(deflated).getInt(BYTES)];
        Inflater inflater = Objects.requireNonNullElseGet(INFLATERS.poll(), () -> new Inflater(true));
        try {
            inflater.setInput(deflated, HEADER, deflated.length - HEADER);
            int length = 0;
            while (length < text.length) {
                int n = inflater.inflate(text, length, text.length - length);
                if (n == 0 && (inflater.finished() || inflater.needsInput())) {
                    throw new IllegalStateException("a deflated value ends early");
                }
                length += n;
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("a deflated value is damaged", e);
        } finally {
            inflater.reset();
            INFLATERS.offer(inflater);
        }
        return new String(text, StandardCharsets.UTF_8);
    }
}
