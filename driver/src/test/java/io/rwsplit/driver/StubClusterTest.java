package io.rwsplit.driver;

import io.rwsplit.fixtures.stub.StubCall;
import io.rwsplit.fixtures.stub.StubDriver;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver over the stub JDBC driver (no I/O): the path the overhead benchmarks take. Test targets do not
 * replicate, so they are not probed; their replicas count as fresh. Fast checks of the plumbing only; guarantees
 * are tested on real replication.
 */
class StubClusterTest {
    @BeforeAll
    static void register() {
        StubDriver.register();
    }

    @AfterAll
    static void deregister() {
        StubDriver.deregister();
    }

    @Test
    void readsGoToStubReplicasAndWritesToTheStubPrimary() throws SQLException {
        StubNode primary = StubDriver.shared().node("p1", 1);
        StubNode r1 = StubDriver.shared().node("r1", 2);
        StubNode r2 = StubDriver.shared().node("r2", 3);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://p1:1,r1:2,r2:3/db?loadBalance=round-robin");
            long primaryBefore = primary.writeCount();
            long readsBefore = r1.executedCount("SELECT") + r2.executedCount("SELECT");
            try (Connection c = ds.getConnection();
                 PreparedStatement read = c.prepareStatement("SELECT name FROM products WHERE id = ?");
                 PreparedStatement write = c.prepareStatement("UPDATE products SET name = ? WHERE id = ?")) {
                RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
                for (int i = 0; i < 100; i++) {
                    readRow(read, i);
                    assertEquals(Reason.READ, rw.lastReason());
                }
                write.setString(1, "x");
                write.setInt(2, 1);
                assertEquals(1, write.executeUpdate());
                assertEquals(Reason.WRITE, rw.lastReason());
                assertEquals("p1:1", rw.lastNode());
            }
            assertEquals(primaryBefore + 1, primary.writeCount());
            assertEquals(readsBefore + 100, r1.executedCount("SELECT") + r2.executedCount("SELECT"));
            assertTrue(r1.writeCount() == 0 && r2.writeCount() == 0, "no write on a replica");
            assertEquals(0, ds.cluster().routedWith(Reason.NO_REPLICA_AVAILABLE), "stub replicas stay usable");
        }
    }

    @Test
    void leastOutstandingMeasuresStatementsAndKeepsReadsOffASlowReplica() throws SQLException {
        StubDriver.shared().node("lp", 1);
        StubNode fast = StubDriver.shared().node("lfast", 2);
        StubNode slow = StubDriver.shared().node("lslow", 3);
        slow.setLatencyNanos(50_000_000L);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://lp:1,lfast:2,lslow:3/db?loadBalance=least-outstanding");
            long fastBefore = fast.executedCount("SELECT");
            long slowBefore = slow.executedCount("SELECT");
            try (Connection c = ds.getConnection();
                 PreparedStatement read = c.prepareStatement("SELECT name FROM products WHERE id = ?")) {
                for (int i = 0; i < 200; i++) {
                    readRow(read, i);
                }
            }
            // One sequential reader: statements in flight are 0 on both, so only the measured latency tells them
            // apart. The slow replica gets a first read (it has no estimate yet), then none until its 50 ms has
            // decayed below the fast one's estimate, seconds away; a pause of the fast path as long as 50 ms (GC,
            // a busy machine) would hand it a few more. Without latency it would get half the reads.
            long slowReads = slow.executedCount("SELECT") - slowBefore;
            assertTrue(slowReads >= 1 && slowReads <= 10, "slow replica served " + slowReads + " of 200 reads");
            assertEquals(200 - slowReads, fast.executedCount("SELECT") - fastBefore);
        } finally {
            slow.setLatencyNanos(0);
        }
    }

    @Test
    void aSessionKeepsItsReplicaConnectionUntilABorrowerNeedsItOrItIdles() throws Exception {
        StubDriver.shared().node("kp", 1);
        StubDriver.shared().node("kr", 2);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            // One connection per pool: a second session can read on the replica only with the first one's.
            ds.setUrl("jdbc:rwsplit:stub://kp:1,kr:2/db?poolMaxSize=1&poolMinIdle=1&acquireTimeout=10s");
            Node replica = ds.cluster().nodes()[1];
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
                readOnce(a);
                readOnce(a);
                assertEquals(1, replica.kept(), "the session keeps its replica connection between reads");
                assertEquals(0, replica.outstanding(), "a kept connection is idle, not outstanding");
                // Without giving back a's connection, b would wait for the pool and then read on the primary.
                readOnce(b);
                RwSplitConnection rwb = b.unwrap(RwSplitConnection.class);
                assertEquals(Reason.READ, rwb.lastReason());
                assertEquals("kr:2", rwb.lastNode());
                readOnce(a);
                assertEquals("kr:2", a.unwrap(RwSplitConnection.class).lastNode());
                assertEquals(1, replica.kept());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (replica.kept() != 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20); // polling for the sweeper, with a deadline
                }
                assertEquals(0, replica.kept(), "an idle session gives its connection back");
                assertEquals(0, ds.cluster().routedWith(Reason.NO_REPLICA_AVAILABLE));
            }
        }
    }

    @Test
    void aPreparedStatementReusesItsPhysicalOneWhileTheSessionKeepsItsConnection() throws SQLException {
        StubDriver.shared().node("sp", 1);
        StubNode replica = StubDriver.shared().node("sr", 2);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://sp:1,sr:2/db");
            try (Connection c = ds.getConnection();
                 PreparedStatement read = c.prepareStatement("SELECT name FROM products WHERE id = ?");
                 PreparedStatement write = c.prepareStatement("UPDATE products SET name = ? WHERE id = ?")) {
                long before = replica.calls(StubCall.PREPARE_STATEMENT);
                for (int i = 0; i < 5; i++) {
                    readRow(read, i);
                }
                assertEquals(before + 1, replica.calls(StubCall.PREPARE_STATEMENT),
                        "five executions on one kept connection, one physical prepare");
                write.setString(1, "x");
                write.setInt(2, 1);
                write.executeUpdate();
                readRow(read, 1);
                assertEquals(before + 2, replica.calls(StubCall.PREPARE_STATEMENT),
                        "the write on the primary gave the replica connection back: prepared again");
            }
        }
    }

    @Test
    void sessionStateChangedWhileAnExecutionIsOpenReachesTheNextStatement() throws SQLException {
        StubDriver.shared().node("vp", 1);
        StubNode replica = StubDriver.shared().node("vr", 2);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://vp:1,vr:2/db");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                ResultSet open = s.executeQuery("SELECT name FROM products");
                c.setSchema("tenant2");
                long before = replica.calls(StubCall.SET_SCHEMA);
                // Ends the execution: its connection was borrowed before the schema changed, so it is not kept.
                open.close();
                readOnce(c);
                assertEquals(before + 1, replica.calls(StubCall.SET_SCHEMA), "the next read runs in the new schema");
            }
        }
    }

    private static void readOnce(Connection c) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT name FROM products WHERE id = ?")) {
            readRow(read, 1);
        }
        assertEquals(Reason.READ, c.unwrap(RwSplitConnection.class).lastReason());
    }

    private static void readRow(PreparedStatement read, int id) throws SQLException {
        read.setInt(1, id);
        try (ResultSet rs = read.executeQuery()) {
            rs.next();
        }
    }

    @Test
    void anIpv6ReplicaIsTheSameNodeInTheUrlAndInAddAndRemoveReplica() throws SQLException {
        StubDriver.shared().node("p6", 11);
        StubDriver.shared().node("::1", 12);
        StubDriver.shared().node("::1", 13);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://p6:11,[::1]:12/db");
            assertFalse(ds.addReplica("[::1]:12"), "the URL's replica, given with its brackets");
            assertTrue(ds.removeReplica("[::1]:12"));
            assertTrue(ds.addReplica("[::1]:13"));
            assertFalse(ds.addReplica(" [::1]:13 "), "the same address twice");
            SQLException e = assertThrows(SQLException.class, () -> ds.addReplica("::1:14"));
            assertTrue(e.getMessage().contains("brackets"), e.getMessage());
            assertThrows(SQLException.class, () -> ds.addReplica("[::1]"));
        }
    }
}
