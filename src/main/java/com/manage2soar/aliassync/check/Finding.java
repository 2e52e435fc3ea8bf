package com.manage2soar.aliassync.check;

import com.manage2soar.aliassync.report.LogText;

/**
 * One line of the doctor's report. Its text may quote what came from outside (an API's redirect
 * {@code Location}, a config value), so it is escaped and bounded as log lines are.
 */
public record Finding(Level level, String subject, String message, String hint) {
    public enum Level { OK, WARN, FAIL }

    static Finding ok(String subject, String message) {
        return new Finding(Level.OK, subject, message, "");
    }

    static Finding warn(String subject, String message, String hint) {
        return new Finding(Level.WARN, subject, message, hint);
    }

    static Finding fail(String subject, String message, String hint) {
        return new Finding(Level.FAIL, subject, message, hint);
    }

    @Override
    public String toString() {
        return String.format("%-4s  %s: %s%s", level, LogText.escape(subject), LogText.escape(message),
                hint.isEmpty() ? "" : "\n      hint: " + LogText.escape(hint));
    }
}
