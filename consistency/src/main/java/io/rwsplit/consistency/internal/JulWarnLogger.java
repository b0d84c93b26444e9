package io.rwsplit.consistency.internal;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * An SLF4J logger that writes WARN and ERROR to the {@code java.util.logging} logger of the same name (as
 * {@code WARNING} and {@code SEVERE}, with SLF4J's {@code {}} formatting and the throwable) and drops the levels
 * below: what rwsplit logs through when the application has no SLF4J provider ({@link RwSplitLoggers}). The JUL
 * configuration decides the rest ({@code io.rwsplit.level = OFF} silences it).
 */
public final class JulWarnLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient Logger jul;

    public JulWarnLogger(String name) {
        this.name = name;
        this.jul = Logger.getLogger(name);
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return jul.isLoggable(java.util.logging.Level.WARNING);
    }

    @Override
    public boolean isErrorEnabled() {
        return jul.isLoggable(java.util.logging.Level.SEVERE);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        java.util.logging.Level julLevel;
        if (level == Level.ERROR) {
            julLevel = java.util.logging.Level.SEVERE;
        } else if (level == Level.WARN) {
            julLevel = java.util.logging.Level.WARNING;
        } else {
            return;
        }
        if (!jul.isLoggable(julLevel)) {
            return;
        }
        LogRecord record = new LogRecord(julLevel, MessageFormatter.basicArrayFormat(pattern, arguments));
        record.setLoggerName(name);
        record.setSourceClassName(name);
        record.setSourceMethodName(null);
        record.setThrown(throwable);
        jul.log(record);
    }
}
