package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.ReplicationTopology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 14, "one session cannot hurt another", on real servers: one session hammers the primary with SQL errors of
 * many classes (syntax, unknown objects, unique violation, division by zero, data too long, a statement timeout, a
 * lock that cannot be had, a serialization failure, ...), many times the breaker's threshold (3 failures in 5 s),
 * while other sessions write. Every error reaches the application as the vendor's exception with its SQLState, the
 * primary's breaker stays CLOSED throughout, and every other write succeeds.
 */
@ExtendWith(ReplicaWriteGuard.class)
abstract class AbstractSqlErrorBreakerTest implements ReplicaWriteGuard.OnTopology {
    private static final int ROUNDS = 4;
    private static final String COUNTER = "breaker-" + (System.currentTimeMillis() % 1_000_000);
    /** The row the serialization-failure cases fight over (nobody else writes it). */
    static final String CONFLICT = COUNTER + "-rr";

    /** One way to provoke an SQL error on the primary. */
    interface Provocation {
        /** Runs the failing statement on {@code s} (of {@code bad}); {@code holder} is a plain vendor connection. */
        void provoke(Connection bad, Statement s, Connection holder) throws SQLException;
    }

    record Case(String name, String expectedState, Provocation provocation) {
    }

    /** The SQL errors to provoke on this database, each with the SQLState its driver must report. */
    abstract List<Case> cases();

    /** The package of the vendor driver, where the exceptions the application gets were made. */
    abstract String vendorPackage();

    abstract String insertCounterSql();

    @BeforeEach
    void prepare() throws SQLException {
        Databases.prepare(topology());
    }

    @Test
    void sqlErrorsOfEveryClassNeverOpenThePrimarysBreakerNorFailOtherSessionsWrites() throws Exception {
        ReplicationTopology t = topology();
        try (Connection c = t.primary().appConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(insertCounterSql().replace("{name}", COUNTER));
            s.executeUpdate(insertCounterSql().replace("{name}", CONFLICT));
        }
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl(t.rwsplitUrl("readYourWrites=off&maxReplicaLag=30s"));
            ds.setUsername(t.appUser());
            ds.setPassword(t.appPassword());
            Node primary = null;
            for (Node n : ds.cluster().nodes()) {
                if (n.id().equals(t.primary().address())) {
                    primary = n;
                }
            }
            assertTrue(primary != null, "the primary is a node of the cluster");
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong written = new AtomicLong();
            List<Throwable> writerFailures = Collections.synchronizedList(new ArrayList<>());
            Thread writer = new Thread(() -> {
                try (Connection w = ds.getConnection();
                     PreparedStatement up = w.prepareStatement(
                             "UPDATE counters SET value = value + 1 WHERE name = ?")) {
                    up.setString(1, COUNTER);
                    while (!done.get()) {
                        try {
                            assertEquals(1, up.executeUpdate());
                            written.incrementAndGet();
                        } catch (SQLException | AssertionError e) {
                            writerFailures.add(e);
                        }
                    }
                } catch (SQLException e) {
                    writerFailures.add(e);
                }
            }, "other-session-writer");
            writer.start();
            int failures = 0;
            try (Connection bad = ds.getConnection(); Connection other = ds.getConnection();
                 Connection holder = t.primary().appConnection();
                 Statement badSt = bad.createStatement();
                 PreparedStatement otherWrite = other.prepareStatement(
                         "UPDATE counters SET value = value + 1 WHERE name = ?")) {
                bad.unwrap(RwSplitConnection.class).setForcePrimary(true);
                otherWrite.setString(1, COUNTER);
                for (int round = 0; round < ROUNDS; round++) {
                    for (Case k : cases()) {
                        SQLException e = null;
                        try {
                            k.provocation().provoke(bad, badSt, holder);
                        } catch (SQLException thrown) {
                            e = thrown;
                        } finally {
                            if (!holder.getAutoCommit()) {
                                holder.rollback();
                                holder.setAutoCommit(true);
                            }
                            if (!bad.getAutoCommit()) {
                                bad.rollback();
                                bad.setAutoCommit(true);
                            }
                        }
                        if (e == null) {
                            fail(k.name() + ": no error");
                        }
                        failures++;
                        assertEquals(k.expectedState(), e.getSQLState(), k.name() + ": " + e);
                        assertTrue(e.getStackTrace().length > 0
                                        && e.getStackTrace()[0].getClassName().startsWith(vendorPackage()),
                                k.name() + ": the vendor's exception, unchanged: " + e);
                        assertEquals("CLOSED", primary.breakerState(), "after " + failures + " SQL errors (" + k.name()
                                + ")");
                        assertEquals(1, otherWrite.executeUpdate(), "another session's write after " + k.name());
                    }
                }
                // The failing session itself still works on its connection.
                assertEquals(1, badSt.executeUpdate("UPDATE counters SET value = value + 1 WHERE name = '"
                        + COUNTER + "'"));
            } finally {
                done.set(true);
                writer.join();
            }
            assertTrue(failures >= 3 * ROUNDS, "many more SQL errors than the breaker's threshold: " + failures);
            assertEquals(List.of(), writerFailures, "every write of the concurrent session succeeded");
            assertTrue(written.get() > 0, "the concurrent session wrote");
            for (Node n : ds.cluster().nodes()) {
                assertEquals("CLOSED", n.breakerState(), n.id());
            }
        }
    }
}
