package io.rwsplit.driver.routing;

import io.rwsplit.driver.routing.StubCluster.Kind;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.rwsplit.driver.routing.StubCluster.rw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session statements of constants are replayed on every node a session uses instead of pinning it: each physical
 * connection is brought up to the session's history (coalesced) before its first statement, in one statement; one
 * that stays with the session costs nothing; a request boundary forgets it all. The stub nodes' journals show what
 * each node received.
 */
class SessionStateStubTest {
    private static final String READ = "SELECT name FROM products WHERE id = 2";

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

    private static long count(StubNode node, String sql) {
        return node.recentSql().stream().filter(sql::equals).count();
    }

    private static long everywhere(StubCluster cl, String sql) {
        return count(cl.primary, sql) + count(cl.replica1, sql) + count(cl.replica2, sql);
    }

    private static void resetJournals(StubCluster cl) {
        for (StubNode n : List.of(cl.primary, cl.replica1, cl.replica2)) {
            n.resetJournal();
        }
    }

    /** The first SET, a second one of the same variable, another variable; and the history they leave. */
    private record Sets(String first, String again, String other, String history) {
        static Sets of(Kind kind) {
            return kind.postgres()
                    ? new Sets("SET search_path TO shop, public", "SET search_path TO public",
                            "SET statement_timeout = 1000", "SET search_path TO public; SET statement_timeout = 1000")
                    : new Sets("SET @cart = 42", "SET @CART = 43", "SET SESSION sql_mode = 'ANSI'",
                            "SET @CART = 43, SESSION sql_mode = 'ANSI'");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void aSetOfConstantsDoesNotPinAndEveryNodeTheSessionMovesToGetsTheHistoryOnce(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off&loadBalance=round-robin");
             Connection c = cl.open()) {
            Sets sets = Sets.of(kind);
            run(c, sets.first());
            cl.assertRanOnAReplica(c, Reason.SESSION_SET, "a SET of constants runs where a read would");
            run(c, sets.again());
            run(c, sets.other());
            assertFalse(rw(c).isPinnedToPrimary(), "no pin");
            resetJournals(cl);
            String previous = rw(c).lastNode();
            int moves = 0;
            for (int i = 0; i < 8; i++) {
                run(c, READ);
                cl.assertRanOnAReplica(c, Reason.READ, "read " + i + " after the SETs");
                if (!rw(c).lastNode().equals(previous)) {
                    moves++;
                }
                previous = rw(c).lastNode();
            }
            assertTrue(moves >= 4, "round-robin moved the session between replicas: " + moves);
            // One replay statement per move onto a connection that has not got the history, none otherwise.
            assertEquals(moves, everywhere(cl, sets.history()), "the coalesced history, once per move");
            assertEquals(0, everywhere(cl, sets.first()), "the overridden SET is never replayed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void aSessionThatStaysOnItsConnectionReplaysNothing(Kind kind) throws SQLException {
        // One replica only: the session keeps its connection from statement to statement.
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off")) {
            cl.dataSource.removeReplica(cl.replica2.id());
            try (Connection c = cl.open()) {
                Sets sets = Sets.of(kind);
                run(c, READ);
                StubNode replica = cl.assertRanOnAReplica(c, Reason.READ, "first read");
                run(c, sets.first());
                resetJournals(cl);
                for (int i = 0; i < 5; i++) {
                    run(c, READ);
                    cl.assertRan(c, replica, Reason.READ, "read " + i);
                }
                assertEquals(0, everywhere(cl, sets.first()), "the kept connection is up to date: no replay");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void resetSessionAndEndRequestForgetTheHistoryAndEndAPin(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off&loadBalance=round-robin");
             Connection c = cl.open()) {
            Sets sets = Sets.of(kind);
            for (boolean endRequest : new boolean[] {false, true}) {
                run(c, sets.first());
                run(c, kind.postgres() ? "SELECT pg_advisory_lock(7)" : "SET @at = NOW()");
                assertTrue(rw(c).isPinnedToPrimary(), "pinned");
                if (endRequest) {
                    c.endRequest();
                } else {
                    rw(c).resetSession();
                }
                assertFalse(rw(c).isPinnedToPrimary(), "the pin ended with the request");
                if (kind.postgres()) {
                    assertEquals(1, count(cl.primary, "DISCARD ALL"),
                            "the pinned connection was reset before going back");
                }
                resetJournals(cl);
                for (int i = 0; i < 4; i++) {
                    run(c, READ);
                    cl.assertRanOnAReplica(c, Reason.READ, "read after the reset");
                }
                assertEquals(0, everywhere(cl, sets.first()), "nothing replayed after the reset");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"STUB", "POSTGRESQL"})
    void endRequestInsideATransactionResetsNothing(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off"); Connection c = cl.open()) {
            c.setAutoCommit(false);
            run(c, READ);
            run(c, kind.postgres() ? "SELECT pg_advisory_lock(7)" : "SET @at = NOW()");
            c.endRequest();
            assertTrue(rw(c).isPinnedToPrimary(), "the transaction and its pin stay");
            c.rollback();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"POSTGRESQL"})
    void onPostgresASetInsideATransactionPinsForARollbackWouldUndoIt(Kind kind) throws SQLException {
        try (StubCluster cl = StubCluster.start(kind, "readYourWrites=off"); Connection c = cl.open()) {
            c.setAutoCommit(false);
            run(c, "SET search_path TO shop");
            assertTrue(rw(c).isPinnedToPrimary(), "pinned, as before replay");
            c.commit();
        }
    }
}
