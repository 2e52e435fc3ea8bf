package com.manage2soar.aliassync.report;

import java.util.Arrays;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that escapes and bounds every argument of every call ({@link LogText#escape}) before it is
 * put into the message: the template is ours, the arguments may come from anywhere, so no call site
 * has to remember to escape.
 */
final class ReporterLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    ReporterLogger(String name) {
        this.name = name;
    }

    static String format(String template, Object[] arguments) {
        Object[] escaped = arguments == null ? null : Arrays.stream(arguments).map(LogText::escape).toArray();
        return LogText.withoutControls(String.valueOf(MessageFormatter.basicArrayFormat(template, escaped)));
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String template, Object[] arguments,
            Throwable error) {
        Reporter reporter = Reporter.current();
        if (reporter.enabled(level)) {
            reporter.log(level, format(template, arguments), error);
        }
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return Reporter.current().enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return Reporter.current().enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return Reporter.current().enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return Reporter.current().enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return Reporter.current().enabled(Level.ERROR);
    }
}
