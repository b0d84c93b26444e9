package io.rwsplit.consistency.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JulWarnLoggerTest {

    private static final String NAME = "io.rwsplit.test.JulWarnLoggerTest";
    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger(NAME);
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    JulWarnLoggerTest() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
    }

    @AfterEach
    void detach() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
        jul.setLevel(null);
    }

    @Test
    void warnAndErrorReachJulFormattedWithTheirThrowable() {
        Logger log = new JulWarnLogger(NAME);
        IllegalStateException boom = new IllegalStateException("boom");
        log.warn("rwsplit: replica {} lags {} ms", "db2:3306", 812);
        log.error("rwsplit: {} both report themselves writable", "db1, db2", boom);

        assertEquals(2, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("rwsplit: replica db2:3306 lags 812 ms", records.get(0).getMessage());
        assertEquals(NAME, records.get(0).getLoggerName());
        assertEquals(Level.SEVERE, records.get(1).getLevel());
        assertEquals("rwsplit: db1, db2 both report themselves writable", records.get(1).getMessage());
        assertSame(boom, records.get(1).getThrown());
    }

    @Test
    void belowWarnNothingIsWritten() {
        Logger log = new JulWarnLogger(NAME);
        jul.setLevel(Level.ALL);
        log.info("rwsplit started for {}", "jdbc:rwsplit:...");
        log.debug("routed");
        log.trace("routed");
        assertFalse(log.isInfoEnabled());
        assertFalse(log.isDebugEnabled());
        assertEquals(List.of(), records);
    }

    @Test
    void julConfigurationCanSilenceIt() {
        Logger log = new JulWarnLogger(NAME);
        jul.setLevel(Level.OFF);
        assertFalse(log.isWarnEnabled());
        log.warn("dropped");
        assertEquals(List.of(), records);
    }

    @Test
    void julIsUsedOnlyWhenSlf4jFellBackToNopForWantOfAProvider() {
        assertTrue(RwSplitLoggers.noProvider(new NOPLoggerFactory(), false), "no provider: JUL");
        assertFalse(RwSplitLoggers.noProvider(new NOPLoggerFactory(), true), "slf4j-nop chosen: silence");
        assertFalse(RwSplitLoggers.noProvider(name -> new JulWarnLogger(name), false), "a real provider: SLF4J");
    }
}
