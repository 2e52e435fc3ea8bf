package com.manage2soar.aliassync.plan;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a text, split at '\n' as postmap splits them, each cut at a maximum length: a file of one
 * endless line costs that length in memory, not the file's size. The rest of a cut line is skipped.
 */
final class BoundedLines {
    private final Reader in;
    private final int max;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean cut;

    BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line without its '\n', or null at the end of the text. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        cut = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.isEmpty() && !cut ? null : line.toString();
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (line.isEmpty() && !cut && position < limit && position - start <= max) {
                return new String(buffer, start, position++ - start); // the common case: one copy, not two
            }
            int take = Math.min(position - start, max - line.length());
            cut |= take < position - start;
            line.append(buffer, start, take);
            if (position < limit) {
                position++; // the '\n'
                return line.toString();
            }
        }
    }

    /** Whether the line {@link #next()} returned last was longer than the maximum and cut. */
    boolean cut() {
        return cut;
    }
}
