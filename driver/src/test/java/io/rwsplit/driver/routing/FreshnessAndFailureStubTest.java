package io.rwsplit.driver.routing;

import io.rwsplit.driver.RwSplit;
import io.rwsplit.driver.routing.StubCluster.Kind;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static io.rwsplit.driver.routing.StubCluster.rw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows of the routing table that depend on the replicas' state, over stub clusters whose replicas are probed
 * ({@code jdbc:rwsplit:mariadb://} and {@code jdbc:rwsplit:postgresql://} over stub nodes with simulated
 * replication): stale replicas, {@code max-lag} hints and scopes, read-your-writes, SERIALIZABLE on PostgreSQL, no
 * replica up, malformed hints. A replica is made stale by pausing it and committing on the primary; the tests wait
 * for the probes' measurement ({@code replicaLagMillis()}), never for a fixed time.
 */
class FreshnessAndFailureStubTest {
    private static final String READ = "SELECT name FROM products WHERE id = 1";
    /** Small bounds keep the waits short: probes run every 10 ms. */
    private static final String OPTIONS = "maxReplicaLag=100ms";
    /**
     * For sequences that read on the primary and then on a replica staler than that read: with readYourWrites on,
     * monotonic reads would keep the session on the primary (tested in
     * {@link #aSessionReadsOnThePrimaryUntilAReplicaHasItsWrite}).
     */
    private static final String NOT_MONOTONIC = OPTIONS + "&readYourWrites=off";

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

    /** Pauses {@code replicas}, commits on the primary, and waits until each is measured staler than {@code ms}. */
    private static void makeStale(StubCluster cl, long ms, StubNode... replicas) throws SQLException {
        for (StubNode r : replicas) {
            cl.replication.pause(r);
        }
        cl.replication.commit();
        for (StubNode r : replicas) {
            cl.awaitLag(r.id() + " staler than " + ms + " ms", lag -> lag.get(r.id()) > ms);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void readsGoToPrimaryWhenEveryReplicaIsStale(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, OPTIONS); Connection c = cl.open()) {
            run(c, READ);
            cl.assertRanOnAReplica(c, Reason.READ, "replicas keeping up");
            makeStale(cl, 150, cl.replica1, cl.replica2);
            run(c, READ);
            cl.assertRan(c, cl.primary, Reason.ALL_REPLICAS_STALE, "a read with both replicas stale");
            // Inside a read-only transaction too: it starts on the primary.
            c.setReadOnly(true);
            c.setAutoCommit(false);
            run(c, READ);
            cl.assertRan(c, cl.primary, Reason.ALL_REPLICAS_STALE, "a read-only transaction with both stale");
            c.commit();
            c.setAutoCommit(true);
            c.setReadOnly(false);
            cl.replication.resume(cl.replica1);
            cl.replication.resume(cl.replica2);
            cl.awaitLag("both fresh again", lag -> lag.values().stream().allMatch(ms -> ms >= 0 && ms < 50));
            // A new session: this one has read on the primary, and monotonic reads keep it there until a replica
            // is fresh past that read (aSessionReadsOnThePrimaryUntilAReplicaHasItsWrite).
            try (Connection next = cl.open()) {
                run(next, READ);
                cl.assertRanOnAReplica(next, Reason.READ, "replicas that caught up get reads again");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void readsAvoidTheStaleReplica(Kind kind) throws SQLException {
        // A bound of 1 s, not 100 ms: the replica that keeps up must not look stale when a busy machine delays a
        // probe by more than the bound (it did, at a load average of 9 on 2 cores).
        try (StubCluster cl = StubCluster.start(kind, "maxReplicaLag=1s")) {
            makeStale(cl, 1_200, cl.replica1);
            for (int i = 0; i < 10; i++) {
                try (Connection c = cl.open()) {
                    run(c, READ);
                    cl.assertRan(c, cl.replica2, Reason.READ, "read " + i + " with replica1 stale");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void aMaxLagHintTightensOrLoosensTheBoundForOneStatement(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, NOT_MONOTONIC); Connection c = cl.open()) {
            makeStale(cl, 150, cl.replica1, cl.replica2);
            run(c, "/*rwsplit:max-lag=30s*/ " + READ);
            cl.assertRanOnAReplica(c, Reason.READ, "a looser bound admits the stale replicas");
            run(c, READ);
            cl.assertRan(c, cl.primary, Reason.ALL_REPLICAS_STALE, "the next statement has the URL's bound again");
            cl.replication.resume(cl.replica2);
            cl.awaitLag("replica2 fresh", lag -> lag.get(cl.replica2.id()) >= 0 && lag.get(cl.replica2.id()) < 50);
            run(c, READ);
            cl.assertRan(c, cl.replica2, Reason.READ, "replica2 within maxReplicaLag");
            run(c, "/*rwsplit:max-lag=0ms*/ " + READ);
            cl.assertRan(c, cl.primary, Reason.ALL_REPLICAS_STALE, "no replica is 0 ms stale");
            run(c, "/*rwsplit:max-lag=30s*/ /*rwsplit:replica*/ SELECT qty FROM inventory");
            cl.assertRanOnAReplica(c, Reason.HINT_REPLICA, "a replica hint with a loose bound on a critical table");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void theThreadsMaxLagScopeBoundsItsReadsAndAHintWinsOverIt(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, NOT_MONOTONIC); Connection c = cl.open()) {
            makeStale(cl, 150, cl.replica1, cl.replica2);
            try (RwSplit.MaxLagScope loose = RwSplit.maxLag(Duration.ofSeconds(30))) {
                run(c, READ);
                cl.assertRanOnAReplica(c, Reason.READ, "inside a 30 s scope");
                try (RwSplit.MaxLagScope tight = RwSplit.maxLag(Duration.ZERO)) {
                    run(c, READ);
                    cl.assertRan(c, cl.primary, Reason.ALL_REPLICAS_STALE, "inside a nested 0 ms scope");
                    run(c, "/*rwsplit:max-lag=30s*/ " + READ);
                    cl.assertRanOnAReplica(c, Reason.READ, "a hint wins over the scope");
                }
                run(c, READ);
                cl.assertRanOnAReplica(c, Reason.READ, "back in the 30 s scope");
            }
            run(c, READ);
            cl.assertRan(c, cl.primary, Reason.ALL_REPLICAS_STALE, "outside any scope");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void aSessionReadsOnThePrimaryUntilAReplicaHasItsWrite(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "maxReplicaLag=30s"); Connection c = cl.open()) {
            cl.replication.pause(cl.replica1);
            cl.replication.pause(cl.replica2);
            run(c, "UPDATE products SET name = 'pear' WHERE id = 1");
            cl.assertRan(c, cl.primary, Reason.WRITE, "the write");
            for (int i = 0; i < 3; i++) {
                run(c, READ);
                cl.assertRan(c, cl.primary, Reason.READ_YOUR_WRITES, "a read while no replica has the write");
            }
            try (Connection other = cl.open()) {
                run(other, READ);
                cl.assertRanOnAReplica(other, Reason.READ, "another session, within maxReplicaLag");
            }
            cl.replication.resume(cl.replica2);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            do {
                run(c, READ); // polling the probes through the routing itself, with a deadline
            } while (rw(c).lastReason() == Reason.READ_YOUR_WRITES && System.nanoTime() < deadline);
            cl.assertRan(c, cl.replica2, Reason.READ, "once replica2 has applied the write");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void aSessionReadingThePrimaryComesBackToAReplicaThatProvesItsFloor(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "maxReplicaLag=30s"); Connection c = cl.open()) {
            for (int i = 0; i < 20; i++) {
                // A tight loop: the session's last statement is always newer than the newest primary sample, so
                // only a query can settle its floor (the primary's position after the critical read).
                cl.replication.commit();
                run(c, "SELECT qty FROM inventory");
                cl.assertRan(c, cl.primary, Reason.CRITICAL_TABLE, "a critical read");
                run(c, READ);
                cl.assertRanOnAReplica(c, Reason.READ, "the catalogue read after critical read " + i);
            }
            assertTrue(cl.primary.recentSql().stream().anyMatch(sql -> sql.toLowerCase(java.util.Locale.ROOT)
                    .contains(kind.sql("gtid_binlog_pos", "pg_current_wal_lsn()"))), "the floor read on the primary");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void aSessionThatReadOnThePrimaryStaysThereForMonotonicReadsWhileNoReplicaHasWhatItSaw(Kind kind)
            throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "maxReplicaLag=30s"); Connection c = cl.open()) {
            cl.replication.pause(cl.replica1);
            cl.replication.pause(cl.replica2);
            cl.replication.commit();
            run(c, "/*rwsplit:primary*/ " + READ);
            cl.assertRan(c, cl.primary, Reason.HINT_PRIMARY, "a read on the primary sees the commit");
            for (int i = 0; i < 3; i++) {
                run(c, READ);
                cl.assertRan(c, cl.primary, Reason.MONOTONIC_FLOOR, "no replica has what that read saw");
            }
            try (Connection other = cl.open()) {
                run(other, READ);
                cl.assertRanOnAReplica(other, Reason.READ, "another session, within maxReplicaLag");
            }
            cl.replication.resume(cl.replica1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            do {
                run(c, READ); // polling the proofs through the routing itself, with a deadline
            } while (rw(c).lastReason() == Reason.MONOTONIC_FLOOR && System.nanoTime() < deadline);
            cl.assertRan(c, cl.replica1, Reason.READ, "once replica1 has applied what the session saw");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void aSessionLeavesAStaleReplicaForTheOtherReplicaNotForThePrimary(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "maxReplicaLag=1s"); Connection c = cl.open()) {
            run(c, READ);
            StubNode first = cl.assertRanOnAReplica(c, Reason.READ, "the first read");
            StubNode other = cl.otherReplica(first);
            cl.replication.pause(first);
            cl.replication.commit();
            // Reading on all the while: the session's floor is always newer than the newest sample.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            do {
                run(c, READ);
                assertEquals(true, cl.isReplica(rw(c).lastNode()), "never the primary: " + rw(c).lastReason());
            } while (rw(c).lastNode().equals(first.id()) && System.nanoTime() < deadline);
            cl.assertRan(c, other, Reason.READ, "the session moved once the first replica was stale");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void aReadAtSerializableGoesToThePrimaryOnPostgresOnly(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, NOT_MONOTONIC); Connection c = cl.open()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            run(c, READ);
            if (kind.postgres()) {
                cl.assertRan(c, cl.primary, Reason.SERIALIZABLE, "an autocommit read at SERIALIZABLE");
            } else {
                cl.assertRanOnAReplica(c, Reason.READ, "an autocommit read at SERIALIZABLE on MariaDB");
            }
            c.setReadOnly(true);
            c.setAutoCommit(false);
            run(c, READ);
            StubNode first;
            if (kind.postgres()) {
                cl.assertRan(c, cl.primary, Reason.SERIALIZABLE, "a read-only transaction at SERIALIZABLE");
                first = cl.primary;
            } else {
                first = cl.assertRanOnAReplica(c, Reason.READ_ONLY_TRANSACTION, "a read-only transaction");
            }
            run(c, "SELECT name FROM products WHERE id = 2");
            assertEquals(first.id(), rw(c).lastNode(), "the whole transaction on one node");
            c.commit();
            c.setAutoCommit(true);
            c.setReadOnly(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            run(c, READ);
            cl.assertRanOnAReplica(c, Reason.READ, "at READ COMMITTED again");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void aSerializableReadOnlyTransactionStartedInSqlGoesToThePrimaryOnPostgres(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind); Connection c = cl.open()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            run(c, "START TRANSACTION READ ONLY");
            if (kind.postgres()) {
                cl.assertRan(c, cl.primary, Reason.SERIALIZABLE, "START TRANSACTION READ ONLY at SERIALIZABLE");
            } else {
                cl.assertRanOnAReplica(c, Reason.READ_ONLY_TRANSACTION, "START TRANSACTION READ ONLY on MariaDB");
            }
            run(c, "COMMIT");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void readsGoToThePrimaryWhenNoReplicaIsUp(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, OPTIONS + "&acquireTimeout=250ms"); Connection c = cl.open()) {
            cl.replica1.setDown(true);
            cl.replica2.setDown(true);
            // The probes find both down within a few intervals. Before that, a read tries a replica and is retried
            // once, on the other one: with both down it can fail (not seen here with 10 ms probes, but seen with no
            // probes, on the stub vendor), so this loop tolerates failures until the probes have seen them.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            do {
                try {
                    run(c, READ);
                } catch (SQLException e) {
                    assertEquals("08", e.getSQLState().substring(0, 2), e.getMessage());
                }
            } while (rw(c).lastReason() != Reason.NO_REPLICA_AVAILABLE && System.nanoTime() < deadline);
            for (int i = 0; i < 5; i++) {
                run(c, READ);
                cl.assertRan(c, cl.primary, Reason.NO_REPLICA_AVAILABLE, "read " + i + " with both replicas down");
            }
            run(c, "UPDATE products SET name = 'pear' WHERE id = 1");
            cl.assertRan(c, cl.primary, Reason.WRITE, "writes are not affected");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void readsGoToThePrimaryWhenEveryReplicaWasRemoved(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind); Connection c = cl.open()) {
            cl.dataSource.removeReplica(cl.replica1.id());
            cl.dataSource.removeReplica(cl.replica2.id());
            run(c, READ);
            cl.assertRan(c, cl.primary, Reason.NO_REPLICA_AVAILABLE, "a read with no replica left");
            c.setReadOnly(true);
            c.setAutoCommit(false);
            run(c, READ);
            cl.assertRan(c, cl.primary, Reason.NO_REPLICA_AVAILABLE, "a read-only transaction with no replica");
            c.commit();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void aMalformedHintIsAnErrorAndIsNotSent(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind); Connection c = cl.open()) {
            for (String hint : new String[] {"/*rwsplit:primray*/", "/*rwsplit:max-lag=soon*/", "/*rwsplit:*/"}) {
                String sql = hint + " " + READ;
                SQLException e = assertThrows(SQLException.class, () -> run(c, sql), hint);
                assertEquals("42000", e.getSQLState(), hint + ": " + e.getMessage());
                assertEquals(null, rw(c).lastNode(), hint + " routed nothing");
                for (StubNode n : new StubNode[] {cl.primary, cl.replica1, cl.replica2}) {
                    assertEquals(false, n.recentSql().contains(sql), hint + " sent to " + n);
                }
            }
        }
    }
}
