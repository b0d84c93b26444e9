package io.rwsplit.driver.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.RwSplitDriver;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session SETs follow the session on real replication: after each SET every read returns the value set on whichever
 * replica runs it, reads keep being spread over the replicas (no pin), other sessions of the same per-node pools never
 * see the value (the connections that carried it were reset before going back), and a request boundary forgets it.
 * Under a HikariCP pool over the rwsplit URL and with {@link RwSplitDataSource} alone.
 */
@ExtendWith(ReplicaWriteGuard.class)
abstract class AbstractSessionStateTest implements ReplicaWriteGuard.OnTopology {
    /** Round-robin and no freshness floor: every read moves to the other replica, the worst case for replay. */
    private static final String OPTIONS = "readYourWrites=off&loadBalance=round-robin&maxReplicaLag=30s";

    /** One SET and the query that reads its variable back (one value, as text). */
    record SessionSet(String set, String read) {
    }

    abstract List<SessionSet> sets();

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The value a SET gives, as the primary itself shows it on a plain vendor connection. */
    private String valueSetBy(SessionSet s) throws SQLException {
        ReplicationTopology t = topology();
        try (Connection c = DriverManager.getConnection(t.primary().jdbcUrl(), t.appUser(), t.appPassword())) {
            exec(c, s.set());
            return one(c, s.read());
        }
    }

    /** The value of a session that set nothing, as a replica shows it. */
    private String defaultOf(SessionSet s) throws SQLException {
        ReplicationTopology t = topology();
        DbNode replica = t.replicas().get(0);
        try (Connection c = DriverManager.getConnection(replica.jdbcUrl(), t.appUser(), t.appPassword())) {
            return one(c, s.read());
        }
    }

    /** Reads {@code s} back 6 times: the value each time, from a replica each time, both replicas used. */
    private void readsSeeOnReplicas(Connection c, SessionSet s, String expected) throws SQLException {
        RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            assertEquals(expected, one(c, s.read()), s.set() + ": read " + i + " on " + rw.lastNode());
            assertEquals(Reason.READ, rw.lastReason(), s.set() + ": read " + i);
            assertTrue(Databases.isReplica(topology(), rw.lastNode()), s.set() + ": read " + i + " on a replica");
            nodes.add(rw.lastNode());
        }
        assertEquals(2, nodes.size(), s.set() + ": the reads were spread over both replicas");
        assertFalse(rw.isPinnedToPrimary(), s.set() + " pins nothing");
    }

    private RwSplitDataSource dataSource() {
        ReplicationTopology t = topology();
        RwSplitDataSource ds = new RwSplitDataSource();
        ds.setUrl(t.rwsplitUrl(OPTIONS));
        ds.setUsername(t.appUser());
        ds.setPassword(t.appPassword());
        return ds;
    }

    @Test
    void underAHikariPoolEverySetIsReadBackOnTheReplicasAndNeverLeaksToOtherSessions() throws Exception {
        ReplicationTopology t = topology();
        Databases.prepare(t);
        HikariConfig hc = new HikariConfig();
        hc.setDriverClassName(RwSplitDriver.class.getName());
        hc.setJdbcUrl(t.rwsplitUrl(OPTIONS));
        hc.setUsername(t.appUser());
        hc.setPassword(t.appPassword());
        hc.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(hc)) {
            for (SessionSet s : sets()) {
                String value = valueSetBy(s);
                String fresh = defaultOf(s);
                assertNotSame(value, fresh);
                assertFalse(value.equals(fresh), s.set() + " changes " + s.read() + " (" + value + ")");
                RwSplitConnection first;
                try (Connection c = pool.getConnection()) {
                    first = c.unwrap(RwSplitConnection.class);
                    exec(c, s.set());
                    readsSeeOnReplicas(c, s, value);
                }
                // The next borrower: the same logical connection keeps the state (HikariCP does not end the request
                // unless told to); another one never had it.
                try (Connection c = pool.getConnection()) {
                    boolean same = c.unwrap(RwSplitConnection.class) == first;
                    readsSeeOnReplicas(c, s, same ? value : fresh);
                    // What a pool calling endRequest() gets (HikariCP with enableRequestBoundaries, Agroal, UCP).
                    c.unwrap(RwSplitConnection.class).resetSession();
                    readsSeeOnReplicas(c, s, fresh);
                }
            }
        }
    }

    @Test
    void withTheDataSourceTheStateFollowsTheSessionAndEndRequestForgetsIt() throws Exception {
        ReplicationTopology t = topology();
        Databases.prepare(t);
        try (RwSplitDataSource ds = dataSource()) {
            for (SessionSet s : sets()) {
                String value = valueSetBy(s);
                String fresh = defaultOf(s);
                try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
                    exec(c, s.set());
                    readsSeeOnReplicas(c, s, value);
                    // The per-node pools are shared: the connections c used went back reset.
                    readsSeeOnReplicas(other, s, fresh);
                    readsSeeOnReplicas(c, s, value);
                    c.endRequest();
                    readsSeeOnReplicas(c, s, fresh);
                }
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = ds.cluster().mbeanName();
            long replays = (Long) server.getAttribute(name, "SessionReplays");
            long micros = (Long) server.getAttribute(name, "SessionReplayMicros");
            long resets = (Long) server.getAttribute(name, "SessionResets");
            assertTrue(replays > 0, "replays " + replays);
            // PostgreSQL resets them (RESET ALL); MariaDB has no safe reset: they are closed (SessionReset).
            assertEquals(t.primary().jdbcUrl().startsWith("jdbc:postgresql:"), resets > 0, "resets " + resets);
            assertEquals(0, (Integer) server.getAttribute(name, "SessionsPinned"), "no session pinned");
            System.out.printf("FIGURE %s session replays: %d, mean %.1f us each; resets: %d%n",
                    getClass().getSimpleName(), replays, (double) micros / replays, resets);
        }
    }
}
