package io.rwsplit.driver;

import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.Poll;
import io.rwsplit.fixtures.stub.StubDriver;
import io.rwsplit.fixtures.stub.StubNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, authentication and configuration errors, over the stub driver: a server that refuses new connections
 * (wrong password, unknown user or database, TLS required) fails the connect, and a borrow that needs a new
 * connection, with the vendor's message first, its SQLState and its exception as the cause, after at most one wait
 * slice rather than the acquire timeout: every test here runs with {@code acquireTimeout=1h}, so a borrow that waited
 * its timeout would hang (the class-level timeout guards the build against that, far above what a pass takes).
 */
@Timeout(120)
class ConnectRefusalStubTest {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static final String SECRET = "Kx7-distinctive-Pw!93";
    private static final String WAIT_FOREVER = "acquireTimeout=1h";

    @BeforeAll
    static void register() {
        StubDriver.register();
    }

    @AfterAll
    static void deregister() {
        StubDriver.deregister();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "28P01 | 0    | password authentication failed for user \"app\"",
            "28000 | 1045 | (conn=7) Access denied for user 'app'@'127.0.0.1' (using password: YES)",
            "28000 | 0    | pg_hba.conf rejects connection for host \"127.0.0.1\", user \"app\", database \"shop\", no encryption",
            "3D000 | 0    | database \"nope\" does not exist",
            "42000 | 1049 | Unknown database 'nope'",
            "08004 | 0    | The server does not support SSL.",
    })
    void aRefusedLoginFailsTheConnectAtOnceWithTheVendorsMessageFirst(String state, int code, String message) {
        int n = CLUSTERS.incrementAndGet();
        StubNode primary = StubDriver.shared().node("ap" + n, 1);
        StubNode replica = StubDriver.shared().node("ar" + n, 2);
        // The vendor's text even names the password here: rwsplit's message must not.
        SQLException vendor = new SQLException(message + " [" + SECRET + "]", state, code);
        primary.setConnectFailure(vendor);
        replica.setConnectFailure(vendor);
        try (RwSplitDataSource ds = dataSource("jdbc:rwsplit:stub://ap" + n + ":1,ar" + n + ":2/db?" + WAIT_FOREVER)) {
            SQLException e = assertThrows(SQLException.class, ds::getConnection);
            assertRefusal(e, vendor, "ap" + n + ":1");
        } finally {
            primary.setConnectFailure(null);
            replica.setConnectFailure(null);
        }
    }

    @Test
    void aPoolThatMustGrowAfterThePasswordChangedFailsTheBorrowAtOnceAndRecoversWhenItIsRight() throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubNode primary = StubDriver.shared().node("gp" + n, 1);
        StubDriver.shared().node("gr" + n, 2);
        try (RwSplitDataSource ds = dataSource("jdbc:rwsplit:stub://gp" + n + ":1,gr" + n + ":2/db?" + WAIT_FOREVER
                + "&poolMaxSize=2&poolMinIdle=0")) {
            Node primaryNode = ds.cluster().nodes()[0];
            try (Connection holder = ds.getConnection(); Connection other = ds.getConnection();
                 Statement holding = holder.createStatement(); Statement st = other.createStatement()) {
                // The primary's one pooled connection is held by a transaction: the next write needs a new one.
                holder.setAutoCommit(false);
                holding.executeUpdate("UPDATE products SET name = 'a' WHERE id = 1");
                // The password was rotated on the server, not in the configuration.
                SQLException vendor = new SQLException("password authentication failed for user \"app\"", "28P01");
                primary.setConnectFailure(vendor);
                for (int i = 0; i < 2; i++) {
                    SQLException e = assertThrows(SQLException.class,
                            () -> st.executeUpdate("UPDATE products SET name = 'b' WHERE id = 2"));
                    assertRefusal(e, vendor, "gp" + n + ":1");
                }
                assertEquals("CLOSED", primaryNode.breakerState(), "the node answered: a refusal does not count");
                assertTrue(primaryNode.breakerAllows());

                // Put right on the server: the pool finds out at its next attempt, which HikariCP makes after a
                // backoff that grows up to 5 s while connections are wanted; until then the refusal stands.
                primary.setConnectFailure(null);
                Poll.until(Duration.ofSeconds(30), Duration.ofMillis(20), () -> "a write on a new connection",
                        () -> st.executeUpdate("UPDATE products SET name = 'b' WHERE id = 2") == 1);
                assertEquals("CLOSED", primaryNode.breakerState());
                holder.commit();
            }
        } finally {
            primary.setConnectFailure(null);
        }
    }

    @Test
    void aReplicaThatRefusesCostsAReadOneSliceAndTheReadRunsOnThePrimary() throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubDriver.shared().node("rp" + n, 1);
        StubNode replica = StubDriver.shared().node("rr" + n, 2);
        replica.setConnectFailure(new SQLException("password authentication failed for user \"app\"", "28P01"));
        try (RwSplitDataSource ds = dataSource("jdbc:rwsplit:stub://rp" + n + ":1,rr" + n + ":2/db?" + WAIT_FOREVER
);
             Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT name FROM products")) {
                assertTrue(rs.next());
            }
            assertEquals("rp" + n + ":1", c.unwrap(RwSplitConnection.class).lastNode());
            assertEquals("CLOSED", ds.cluster().nodes()[1].breakerState());
        } finally {
            replica.setConnectFailure(null);
        }
    }

    @Test
    void aBusyPoolStillSaysItIsBusyAfterItsWholeTimeout() throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubDriver.shared().node("bp" + n, 1);
        StubDriver.shared().node("br" + n, 2);
        try (RwSplitDataSource ds = dataSource("jdbc:rwsplit:stub://bp" + n + ":1,br" + n + ":2/db"
                + "?acquireTimeout=600ms&poolMaxSize=1&poolMinIdle=0")) {
            Node primaryNode = ds.cluster().nodes()[0];
            try (Connection holder = ds.getConnection(); Connection other = ds.getConnection();
                 Statement holding = holder.createStatement(); Statement st = other.createStatement()) {
                holder.setAutoCommit(false);
                holding.executeUpdate("UPDATE products SET name = 'a' WHERE id = 1");
                SQLException e = assertThrows(SQLException.class,
                        () -> st.executeUpdate("UPDATE products SET name = 'b' WHERE id = 2"));
                assertEquals("08001", e.getSQLState());
                assertTrue(e.getMessage().contains("stayed in use for 600 ms"), e.getMessage());
                assertTrue(e.getMessage().contains("the statement was not sent"), e.getMessage());
                assertEquals("CLOSED", primaryNode.breakerState());
                holder.commit();
            }
        }
    }

    @Test
    void aNodeThatDoesNotAnswerStillGetsItsWholeTimeoutAndTheMessageSaysSo() throws SQLException {
        int n = CLUSTERS.incrementAndGet();
        StubNode primary = StubDriver.shared().node("dp" + n, 1);
        StubDriver.shared().node("dr" + n, 2);
        try (RwSplitDataSource ds = dataSource("jdbc:rwsplit:stub://dp" + n + ":1,dr" + n + ":2/db"
                + "?acquireTimeout=600ms&poolMaxSize=2&poolMinIdle=0")) {
            try (Connection holder = ds.getConnection(); Connection other = ds.getConnection();
                 Statement holding = holder.createStatement(); Statement st = other.createStatement()) {
                holder.setAutoCommit(false);
                holding.executeUpdate("UPDATE products SET name = 'a' WHERE id = 1");
                primary.setConnectFailure(new SQLNonTransientConnectionException("Connection refused", "08001"));
                SQLException e = assertThrows(SQLException.class,
                        () -> st.executeUpdate("UPDATE products SET name = 'b' WHERE id = 2"));
                assertEquals("08001", e.getSQLState());
                assertTrue(e.getMessage().contains("lent no connection within 600 ms; the last attempt to open one"
                        + " failed: Connection refused"), e.getMessage());
                holder.commit();
            }
        } finally {
            primary.setConnectFailure(null);
        }
    }

    private static RwSplitDataSource dataSource(String url) {
        RwSplitDataSource ds = new RwSplitDataSource();
        ds.setUrl(url);
        ds.setUsername("app");
        ds.setPassword(SECRET);
        return ds;
    }

    /** The vendor's message first, its SQLState and code, its exception as the cause; no password anywhere. */
    private static void assertRefusal(SQLException e, SQLException vendor, String node) {
        String vendorText = vendor.getMessage().replace(SECRET, "****");
        assertTrue(e.getMessage().startsWith(vendorText), e.getMessage());
        assertTrue(e.getMessage().contains("rwsplit: node " + node + " refused the connection; no statement was sent"),
                e.getMessage());
        assertEquals(vendor.getSQLState(), e.getSQLState());
        assertEquals(vendor.getErrorCode(), e.getErrorCode());
        assertInstanceOf(SQLNonTransientConnectionException.class, e, "retrying as it is fails again");
        SQLException cause = assertInstanceOf(SQLException.class, e.getCause());
        assertEquals(vendor.getMessage(), cause.getMessage(), "the vendor's exception is the cause");
        assertEquals(vendor.getSQLState(), cause.getSQLState());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.toString().contains(SECRET), e.toString());
    }
}
