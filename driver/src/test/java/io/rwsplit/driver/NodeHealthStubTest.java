package io.rwsplit.driver;

import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.stub.StubCall;
import io.rwsplit.fixtures.stub.StubDriver;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.fixtures.stub.StubSqlFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, "one session cannot hurt another", over the stub driver: what feeds a node's circuit breaker
 * (NodeHealthRule). SQL errors of every class on a connection that still answers, many more than the breaker's
 * threshold (3 failures in 5 s), leave it CLOSED, keep the connection and its transaction, and reach the application
 * unchanged, while another session's writes go on; only a connection that is really lost counts.
 */
class NodeHealthStubTest {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    /** More failures in a row than the breaker needs to open (3). */
    private static final int FAILURES = 12;

    @BeforeAll
    static void register() {
        StubDriver.register();
    }

    @AfterAll
    static void deregister() {
        StubDriver.deregister();
    }

    /** SQL errors a server returns on a connection that stays usable, one of each class. */
    static Stream<Arguments> errorsOnAHealthyConnection() {
        return Stream.of(
                error("08P01 protocol violation, connection still valid",
                        () -> new SQLException("insufficient data left in message", "08P01")),
                error("08S01 as a connection exception type, connection still valid",
                        () -> new SQLTransientConnectionException("communication hiccup", "08S01")),
                error("22012 division by zero", () -> new SQLException("division by zero", "22012")),
                error("22001 string data right truncation", () -> new SQLException("value too long", "22001")),
                error("23505 unique violation", () -> new SQLException("duplicate key value", "23505")),
                error("40001 serialization failure", () -> new SQLException("could not serialize", "40001")),
                error("40P01 deadlock detected", () -> new SQLException("deadlock detected", "40P01")),
                error("42601 syntax error", () -> new SQLException("syntax error at or near", "42601")),
                error("42000 MariaDB syntax error", () -> new SQLException("You have an error", "42000", 1064)),
                error("53300 too many connections", () -> new SQLException("too many clients", "53300")),
                error("55P03 lock not available", () -> new SQLException("could not obtain lock", "55P03")),
                error("57014 query canceled", () -> new SQLException("canceling statement", "57014")),
                error("70100 MariaDB statement interrupted",
                        () -> new java.sql.SQLTimeoutException("max_statement_time exceeded", "70100", 1969)),
                error("0A000 feature not supported", () -> new SQLException("cached plan must not change", "0A000")),
                error("HY000 general error", () -> new SQLException("Lock wait timeout exceeded", "HY000", 1205)),
                error("HY000 vendor code 1105", () -> new SQLException("unknown error", "HY000", 1105)),
                error("null SQLState", () -> new SQLException("something the driver did not classify")));
    }

    private static Arguments error(String name, Supplier<SQLException> make) {
        return Arguments.of(name, make);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorsOnAHealthyConnection")
    void sqlErrorsOnAHealthyConnectionNeverOpenTheBreaker(String name, Supplier<SQLException> make)
            throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubNode primary = StubDriver.shared().node("hp" + n, 1);
        StubDriver.shared().node("hr" + n, 2);
        AtomicReference<SQLException> thrown = new AtomicReference<>();
        primary.setQueryHandler(sql -> {
            if (sql.contains("boom")) {
                SQLException e = make.get();
                thrown.set(e);
                throw new StubSqlFailure(e);
            }
            return null;
        });
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://hp" + n + ":1,hr" + n + ":2/db");
            Node primaryNode = ds.cluster().nodes()[0];
            try (Connection bad = ds.getConnection(); Connection other = ds.getConnection();
                 Statement badSt = bad.createStatement(); Statement otherSt = other.createStatement()) {
                long writesBefore = primary.writeCount();
                for (int i = 0; i < FAILURES; i++) {
                    SQLException e = assertThrows(SQLException.class,
                            () -> badSt.executeUpdate("UPDATE boom SET x = 1"));
                    assertSame(thrown.get(), e, "the application gets the vendor's exception unchanged");
                    assertEquals(thrown.get().getSQLState(), e.getSQLState());
                    assertEquals("CLOSED", primaryNode.breakerState(), "after " + (i + 1) + " failures");
                    assertEquals(1, otherSt.executeUpdate("UPDATE products SET name = 'x' WHERE id = " + i),
                            "another session's write");
                }
                // Reads on the primary (a transaction) too: the transaction and its connection stay.
                bad.setAutoCommit(false);
                badSt.executeUpdate("UPDATE products SET name = 'y' WHERE id = 1");
                long commits = primary.calls(StubCall.COMMIT);
                for (int i = 0; i < FAILURES; i++) {
                    SQLException e = assertThrows(SQLException.class,
                            () -> badSt.executeQuery("SELECT * FROM boom"));
                    assertSame(thrown.get(), e);
                }
                badSt.executeUpdate("UPDATE products SET name = 'z' WHERE id = 1");
                bad.commit();
                assertEquals(commits + 1, primary.calls(StubCall.COMMIT),
                        "the transaction's connection was kept through its SQL errors and committed");
                assertEquals("CLOSED", primaryNode.breakerState());
                assertTrue(primaryNode.breakerAllows());
                assertEquals(2L * FAILURES + 2, primary.writeCount() - writesBefore,
                        "every write and every failed statement reached the primary");
            }
        } finally {
            primary.resetSettings();
        }
    }

    @Test
    void sessionsCutOnANodeThatStaysUpNeverOpenItsBreaker() throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubNode primary = StubDriver.shared().node("dp" + n, 1);
        StubDriver.shared().node("dr" + n, 2);
        AtomicReference<SQLException> thrown = new AtomicReference<>();
        primary.setQueryHandler(sql -> {
            if (sql.contains("boom")) {
                // Every session of the node is cut under this statement (an administrator, a proxy), but the
                // node accepts new connections.
                primary.severConnections();
                SQLException e = new SQLNonTransientConnectionException("An I/O error occurred", "08006");
                thrown.set(e);
                throw new StubSqlFailure(e);
            }
            return null;
        });
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://dp" + n + ":1,dr" + n + ":2/db");
            Node primaryNode = ds.cluster().nodes()[0];
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE boom SET x = 1"));
                    assertEquals("08006", e.getSQLState());
                    assertTrue(e.getMessage().contains("whether it took effect is unknown"), e.getMessage());
                    assertSame(thrown.get(), e.getCause(), "the vendor's exception is the cause");
                    assertEquals(1, st.executeUpdate("UPDATE products SET name = 'x' WHERE id = " + i),
                            "the next write runs, on a new connection");
                }
                assertEquals("CLOSED", primaryNode.breakerState(), "five cut sessions in a row are not a dead node");
            }
        } finally {
            primary.resetSettings();
        }
    }

    @Test
    void aLostTransactionConnectionIsGivenUpAndAnsweringOneIsKept() throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubNode primary = StubDriver.shared().node("tp" + n, 1);
        StubDriver.shared().node("tr" + n, 2);
        primary.setQueryHandler(sql -> {
            if (sql.contains("sever")) {
                primary.severConnections();
                throw new StubSqlFailure(new SQLException("terminating connection", "57P01"));
            }
            if (sql.contains("boom")) {
                throw new StubSqlFailure(new SQLException("insufficient data left in message", "08P01"));
            }
            return null;
        });
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://tp" + n + ":1,tr" + n + ":2/db");
            Node primaryNode = ds.cluster().nodes()[0];
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeUpdate("UPDATE products SET name = 'a' WHERE id = 1");
                assertEquals("08P01", assertThrows(SQLException.class,
                        () -> st.executeUpdate("UPDATE boom SET x = 1")).getSQLState());
                st.executeUpdate("UPDATE products SET name = 'b' WHERE id = 1");
                SQLException lost = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE sever SET x = 1"));
                assertEquals("08006", lost.getSQLState());
                assertTrue(lost.getMessage().contains("inside a transaction"), lost.getMessage());
                // The lost transaction is gone: the next statement starts a new one on a new connection.
                st.executeUpdate("UPDATE products SET name = 'c' WHERE id = 1");
                c.commit();
                assertEquals("CLOSED", primaryNode.breakerState(), "one lost connection does not open it");
            }
        } finally {
            primary.resetSettings();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectFailures")
    void aConnectionTheServerRefusesCountsOnlyWhenItDidNotAnswer(String state, boolean counts) throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubDriver.shared().node("cp" + n, 1);
        StubNode replica = StubDriver.shared().node("cr" + n, 2);
        // The replica's server answers every login with this error (a wrong password, say) from the start.
        replica.setConnectFailure(new SQLException("connect failed", state));
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://cp" + n + ":1,cr" + n + ":2/db?acquireTimeout=250ms");
            Node replicaNode = ds.cluster().nodes()[1];
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (int i = 0; i < 4; i++) {
                    // Not sent to the replica, so retried on the primary: the application sees nothing.
                    try (ResultSet rs = st.executeQuery("SELECT name FROM products")) {
                        assertTrue(rs.next());
                    }
                    assertEquals("cp" + n + ":1", c.unwrap(RwSplitConnection.class).lastNode());
                }
                assertEquals(counts ? "OPEN" : "CLOSED", replicaNode.breakerState());
            }
        } finally {
            replica.setConnectFailure(null);
        }
    }

    static Stream<Arguments> connectFailures() {
        return Stream.of(
                Arguments.of("28P01", false), // wrong password (PostgreSQL)
                Arguments.of("28000", false), // access denied (MariaDB)
                Arguments.of("3D000", false), // unknown database
                Arguments.of("53300", false), // too many clients (PostgreSQL)
                Arguments.of("08001", true)); // refused: the node did not answer
    }

    @Test
    void aConnectionLostWhileReadingResultsIsNotLentAgain() throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubDriver.shared().node("rp" + n, 1);
        StubNode replica = StubDriver.shared().node("rr" + n, 2);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            // One connection per pool: the next read gets the lost one again unless it was evicted.
            ds.setUrl("jdbc:rwsplit:stub://rp" + n + ":1,rr" + n + ":2/db?poolMaxSize=1&poolMinIdle=1");
            Node replicaNode = ds.cluster().nodes()[1];
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT name FROM products");
                replica.severConnections();
                assertEquals("08006", assertThrows(SQLException.class, rs::next).getSQLState());
                rs.close();
                long readsBefore = replica.executedCount("SELECT");
                try (ResultSet again = st.executeQuery("SELECT name FROM products")) {
                    again.next();
                }
                assertEquals(readsBefore + 1, replica.executedCount("SELECT"),
                        "the next read ran on the replica, on a new connection");
                assertEquals("CLOSED", replicaNode.breakerState());
            }
        }
    }
}
