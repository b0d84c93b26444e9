package io.rwsplit.driver.internal;

import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a node counts as hung, and how the failures that decide retries are read. */
class NodeHealthTest {
    private static final long HUNG_AFTER = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aNodeIsHungOnceUnreachableAndSilentForHungAfterAndOncePerOutage() {
        NodeHealth h = new NodeHealth("n", 1000);
        long start = System.nanoTime();
        assertFalse(h.hungFor(start + 10 * HUNG_AFTER, HUNG_AFTER), "reachable: a slow statement is never ended");
        h.probeFailed("Read timed out");
        assertFalse(h.hungFor(start, HUNG_AFTER), "unreachable, but it answered a moment ago");
        long later = System.nanoTime() + 2 * HUNG_AFTER;
        assertTrue(h.hungFor(later, HUNG_AFTER), "unreachable and silent for longer than hungAfter");
        assertFalse(h.hungFor(later + HUNG_AFTER, HUNG_AFTER), "its statements are ended once per outage");
        assertTrue(h.silentMillis(later) >= 1000, "silent " + h.silentMillis(later) + " ms");
        h.probeSucceeded(false);
        h.probeFailed("Read timed out");
        assertTrue(h.hungFor(System.nanoTime() + 2 * HUNG_AFTER, HUNG_AFTER), "a new outage ends them again");
    }

    @Test
    void aStatementThatCompletesIsAnAnswerToo() {
        NodeHealth h = new NodeHealth("n", 1000);
        h.probeFailed("Read timed out");
        long now = System.nanoTime();
        h.recordSuccess();
        assertFalse(h.hungFor(now + HUNG_AFTER / 2, HUNG_AFTER), "a statement just completed there");
    }

    @Test
    void aLostSessionDoesNotFeedTheBreaker() throws SQLException {
        NodeHealth h = new NodeHealth("n", 1000);
        for (int i = 0; i < 10; i++) {
            // No connection: the liveness check fails, so the connection is lost.
            assertTrue(h.failedOn(null, new SQLNonTransientConnectionException("Socket error", "08000")));
        }
        assertEquals("CLOSED", h.breakerState(), "cut sessions are not a dead node");
    }

    @Test
    void readOnlyRefusalsAndTimeoutsAreToldApart() {
        assertTrue(NodeHealthRule.refusedAsReadOnly(new SQLException(
                "ERROR: cannot execute INSERT in a read-only transaction", "25006")));
        assertTrue(NodeHealthRule.refusedAsReadOnly(new SQLException(
                "The MariaDB server is running with the --read-only option so it cannot execute this statement",
                "HY000", 1290)));
        assertFalse(NodeHealthRule.refusedAsReadOnly(new SQLException(
                "The MariaDB server is running with the --secure-file-priv option so it cannot execute this statement",
                "HY000", 1290)), "1290 for another option did run into something else");
        assertFalse(NodeHealthRule.refusedAsReadOnly(new SQLException("Duplicate entry", "23000", 1062)));
        SQLException timedOut = new SQLException("An I/O error occurred", "08006", new SocketTimeoutException("Read timed out"));
        assertTrue(NodeHealthRule.isTimeout(timedOut));
        assertFalse(NodeHealthRule.isTimeout(new SQLException("terminating connection", "57P01")));
    }
}
