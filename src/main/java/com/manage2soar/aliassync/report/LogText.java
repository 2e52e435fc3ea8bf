package com.manage2soar.aliassync.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What a log line may hold of a value from outside (the API, a map file, a response header, the
 * config): printable ASCII, with control and non-ASCII characters written as escapes so no value can
 * end a line or pose as another, and a bounded length. Exceptions appear by class and place only:
 * their messages may quote member data or a key.
 */
public final class LogText {
    /** Characters of one escaped value; an API list of 5000 names must not become a 5000-name line. */
    static final int MAX_VALUE = 400;
    private static final String OUR_CODE = "com.manage2soar.";

    private LogText() {}

    /** The value as a log line may show it. */
    public static String escape(Object value) {
        if (value instanceof Throwable t) {
            return t.getClass().getName();
        }
        String raw = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_VALUE) + 16);
        int i = 0;
        for (; i < raw.length() && out.length() < MAX_VALUE; i++) {
            appendEscaped(out, raw.charAt(i));
        }
        if (i < raw.length()) {
            out.append("...(").append(raw.length() - i).append(" more chars)");
        }
        return out.toString();
    }

    /** Our own text (a message template) keeps its characters; only control characters are escaped. */
    static String withoutControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                appendEscaped(out, c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** As {@code \\u000a}: the same spelling as the validators' messages use for the value they refuse. */
    private static void appendEscaped(StringBuilder out, char c) {
        if (c >= ' ' && c < 0x7f) {
            out.append(c);
        } else {
            out.append(String.format("\\u%04x", (int) c));
        }
    }

    /**
     * An exception as one line: the class of each exception in its cause chain and the top frame of
     * our code where the innermost one was thrown, e.g.
     * {@code java.util.concurrent.CompletionException caused by java.lang.IllegalStateException at
     * com.manage2soar.aliassync.SyncJob.run(SyncJob.java:80)}.
     */
    public static String summary(Throwable error) {
        StringBuilder out = new StringBuilder();
        Throwable innermost = error;
        for (Throwable t : causes(error)) {
            out.append(out.isEmpty() ? "" : " caused by ").append(t.getClass().getName());
            innermost = t;
        }
        for (StackTraceElement frame : innermost.getStackTrace()) {
            if (frame.getClassName().startsWith(OUR_CODE)) {
                return out.append(" at ").append(frame(frame)).toString();
            }
        }
        StackTraceElement[] frames = innermost.getStackTrace();
        return frames.length == 0 ? out.toString() : out.append(" at ").append(frame(frames[0])).toString();
    }

    /** The whole trace without the exceptions' messages: class names and frames. */
    static List<String> trace(Throwable error) {
        List<String> lines = new ArrayList<>();
        for (Throwable t : causes(error)) {
            lines.add((lines.isEmpty() ? "" : "Caused by: ") + t.getClass().getName());
            for (StackTraceElement frame : t.getStackTrace()) {
                lines.add("    at " + frame(frame));
            }
        }
        return lines;
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t) && chain.size() < 16; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** As StackTraceElement prints it, without the class loader and module prefix. */
    private static String frame(StackTraceElement frame) {
        String where = frame.isNativeMethod() ? "Native Method"
                : frame.getFileName() == null ? "Unknown Source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber()
                : frame.getFileName();
        return escape(frame.getClassName() + "." + frame.getMethodName()) + "(" + escape(where) + ")";
    }
}
