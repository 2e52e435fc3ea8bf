package com.manage2soar.aliassync.config;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The key path ({@code http.retries}, {@code clubs[2].api_url}) of the place a YAML error points at, found by
 * reading the text again as parser events up to that place: the error's own message may not quote the text
 * there, but the admin needs to know which key it is. Only keys the config knows are named ({@code ?} for
 * others): a key may be a pasted secret too.
 */
final class YamlPath {
    /** One open mapping or sequence: the key whose value is being read, or the index of the item. */
    private static final class Level {
        final boolean mapping;
        String key;
        boolean inValue;
        int index = -1;

        Level(boolean mapping) {
            this.mapping = mapping;
        }
    }

    private YamlPath() {}

    /** The path at {@code mark} in {@code text}; empty when the error is at the top level. */
    static String at(String text, Mark mark, Set<String> knownKeys) {
        Deque<Level> open = new ArrayDeque<>();
        try {
            Iterator<Event> events = new Yaml().parse(new StringReader(text)).iterator();
            while (events.hasNext()) {
                Event event = events.next();
                if (!before(event.getStartMark(), mark)) {
                    break;
                }
                read(event, open);
            }
        } catch (RuntimeException e) {
            // The parser's own error is where the text stops making sense: the path read so far is the answer.
        }
        StringBuilder path = new StringBuilder();
        for (Iterator<Level> it = open.descendingIterator(); it.hasNext(); ) {
            Level level = it.next();
            if (level.mapping && level.inValue) {
                path.append(path.isEmpty() ? "" : ".").append(knownKeys.contains(level.key) ? level.key : "?");
            } else if (!level.mapping) {
                // Innermost, the place is the item after the last one read; else inside the item being read.
                path.append('[').append(it.hasNext() ? level.index : level.index + 1).append(']');
            }
        }
        return path.toString();
    }

    private static void read(Event event, Deque<Level> open) {
        Level top = open.peek();
        if (event instanceof ScalarEvent scalar && top != null && top.mapping && !top.inValue) {
            top.key = scalar.getValue();
            top.inValue = true;
        } else if (event instanceof ScalarEvent || event instanceof AliasEvent) {
            startItem(top);
            endItem(top);
        } else if (event instanceof CollectionStartEvent) {
            startItem(top);
            open.push(new Level(event instanceof MappingStartEvent));
        } else if (event instanceof CollectionEndEvent) {
            open.pop();
            endItem(open.peek());
        }
    }

    private static void startItem(Level level) {
        if (level != null && !level.mapping) {
            level.index++;
        }
    }

    private static void endItem(Level level) {
        if (level != null && level.mapping) {
            level.inValue = false;
        }
    }

    private static boolean before(Mark event, Mark problem) {
        return event.getLine() < problem.getLine()
                || event.getLine() == problem.getLine() && event.getColumn() < problem.getColumn();
    }
}
