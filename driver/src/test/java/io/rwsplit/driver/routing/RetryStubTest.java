package io.rwsplit.driver.routing;

import io.rwsplit.driver.routing.RoutingTableStubTest.Row;
import io.rwsplit.driver.routing.StubCluster.Kind;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.fixtures.stub.StubResult;
import io.rwsplit.fixtures.stub.StubSqlFailure;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.rwsplit.driver.routing.StubCluster.rw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each row of the routing table when its statement's connection dies under it (the server cuts every connection
 * and the statement fails with SQLState 08006): an autocommit read is tried again, a replica read on the other
 * replica, a read for the primary (a hint, a critical table) on the primary over a new connection, and the
 * application sees nothing; anything else fails, a write saying its outcome is unknown, and is sent once only.
 * Each case has a cluster of its own.
 */
class RetryStubTest {

    /**
     * The first row of each reason (and purity) per dialect: the retry rule depends on where a statement runs and
     * whether it is a read, not on its text, and a cluster per case costs a pool per node.
     */
    static Stream<Arguments> rows() {
        List<Arguments> out = new ArrayList<>();
        for (Kind kind : List.of(Kind.STUB, Kind.POSTGRESQL)) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Row r : RoutingTableStubTest.TABLE) {
                if (r.sql(kind) != null && seen.add(r.reason() + "/" + r.read())) {
                    out.add(Arguments.of(kind, r));
                }
            }
        }
        return out.stream();
    }

    /** Makes the first execution of {@code sql} on any node of {@code cl} lose its connection. */
    private static AtomicReference<StubNode> failFirst(StubCluster cl, String sql) {
        AtomicBoolean armed = new AtomicBoolean(true);
        AtomicReference<StubNode> failedOn = new AtomicReference<>();
        for (StubNode n : new StubNode[] {cl.primary, cl.replica1, cl.replica2}) {
            Function<String, StubResult> handler = s -> {
                if (s.equals(sql) && armed.compareAndSet(true, false)) {
                    failedOn.set(n);
                    n.severConnections();
                    throw new StubSqlFailure(new SQLNonTransientConnectionException("An I/O error occurred", "08006"));
                }
                return null;
            };
            if (cl.replication != null) {
                cl.replication.onQuery(n, handler);
            } else {
                n.setQueryHandler(handler);
            }
        }
        return failedOn;
    }

    private static int sent(StubCluster cl, String sql) {
        int n = 0;
        for (StubNode node : new StubNode[] {cl.primary, cl.replica1, cl.replica2}) {
            n += (int) node.recentSql().stream().filter(sql::equals).count();
        }
        return n;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        // drained
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void inAutocommitOnlyAReadIsRetriedAfterItsConnectionDies(Kind kind, Row r) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off"); Connection c = cl.open()) {
            String sql = r.sql(kind);
            AtomicReference<StubNode> failedOn = failFirst(cl, sql);
            if (r.reason().target() == Target.REPLICA) {
                run(c, sql);
                StubNode failed = failedOn.get();
                assertNotNull(failed, "the first attempt failed");
                cl.assertRan(c, cl.otherReplica(failed), r.reason(), r + " retried on the other replica");
                assertEquals(2, sent(cl, sql), "one failed attempt, one retry");
            } else if (r.read()) {
                run(c, sql);
                assertEquals(cl.primary, failedOn.get(), "it ran on the primary");
                cl.assertRan(c, cl.primary, r.reason(), r + " retried on the primary, on a new connection");
                assertEquals(2, sent(cl, sql), "one failed attempt, one retry");
            } else {
                SQLException e = assertThrows(SQLException.class, () -> run(c, sql), r + " is not retried");
                assertEquals(cl.primary, failedOn.get(), "it ran on the primary");
                assertEquals("08006", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("whether it took effect is unknown"), e.getMessage());
                assertEquals(1, sent(cl, sql), "sent once, not retried");
                run(c, sql);
                cl.assertRan(c, cl.primary, r.reason(), "the next attempt, by the application, on a new connection");
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void insideATransactionNothingIsRetried(Kind kind, Row r) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off"); Connection c = cl.open()) {
            String sql = r.sql(kind);
            c.setAutoCommit(false);
            run(c, "SELECT name FROM products WHERE id = 2");
            AtomicReference<StubNode> failedOn = failFirst(cl, sql);
            SQLException e = assertThrows(SQLException.class, () -> run(c, sql), r + " inside a transaction");
            assertEquals(cl.primary, failedOn.get(), "it ran on the transaction's node");
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("inside a transaction"), e.getMessage());
            assertEquals(1, sent(cl, sql), "sent once, not retried");
            c.rollback();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void aReadInsideAReadOnlyTransactionIsNotRetried(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind); Connection c = cl.open()) {
            String sql = "SELECT name FROM products WHERE id = 7";
            c.setReadOnly(true);
            c.setAutoCommit(false);
            run(c, "SELECT name FROM products WHERE id = 2");
            StubNode replica = cl.assertRanOnAReplica(c, Reason.READ_ONLY_TRANSACTION, "the transaction's start");
            AtomicReference<StubNode> failedOn = failFirst(cl, sql);
            SQLException e = assertThrows(SQLException.class, () -> run(c, sql));
            assertEquals(replica, failedOn.get(), "it ran on the transaction's replica");
            assertEquals("08006", e.getSQLState(), e.getMessage());
            assertEquals(1, sent(cl, sql), "sent once, not retried");
            c.rollback();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void aReadOnAKeptConnectionThatDiedIsRetried(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off"); Connection c = cl.open()) {
            // One replica, so that the next read goes to the kept connection's node.
            assertTrue(cl.dataSource.removeReplica(cl.replica2.id()));
            run(c, "SELECT name FROM products WHERE id = 2");
            cl.assertRan(c, cl.replica1, Reason.READ, "the read that keeps its connection");
            // The kept connection dies while idle; the node itself stays up.
            cl.replica1.severConnections();
            String sql = "SELECT name FROM products WHERE id = 3";
            run(c, sql);
            // Not sent on the dead connection (the stub fails it before it reaches the node), so not journaled
            // there; retried away from that replica, on the primary: the application sees nothing.
            cl.assertRan(c, cl.primary, Reason.NO_REPLICA_AVAILABLE, "the read after its kept connection died");
            assertEquals(1, sent(cl, sql), "executed once, on the primary");
            assertTrue(cl.primary.recentSql().contains(sql));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void aReadIsRetriedOnTheOtherReplicaWhenItsReplicaIsDown(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off&acquireTimeout=250ms")) {
            cl.replica1.setDown(true);
            for (int i = 0; i < 10; i++) {
                try (Connection c = cl.open()) {
                    run(c, "SELECT name FROM products WHERE id = 1");
                    cl.assertRan(c, cl.replica2, Reason.READ, "read " + i + " with replica1 down");
                }
            }
        }
    }
}
