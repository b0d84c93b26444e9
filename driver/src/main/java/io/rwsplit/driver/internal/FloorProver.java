package io.rwsplit.driver.internal;

import io.rwsplit.consistency.FreshnessTracker;
import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;
import io.rwsplit.consistency.SessionFreshness;
import io.rwsplit.consistency.internal.RwSplitLoggers;
import org.slf4j.Logger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The two queries that let a session move to a replica the probes cannot vouch for yet, once per move:
 * <ol>
 *   <li>{@link #settle}: a pending floor (the session's last statement came after the newest primary sample) is read
 *       on the node of that statement, on the connection the session kept there: the primary's written position
 *       after a write or a read there, the replica's applied position after a read there;</li>
 *   <li>{@link #prove}: the replica the session moves to is asked, on the connection the read will then use, for its
 *       applied position, waiting up to {@code floorWait} for it to reach the floor (MariaDB
 *       {@code MASTER_GTID_WAIT}; on PostgreSQL a bounded loop over {@code pg_last_wal_replay_lsn()} in one query);
 *       the answer goes to the tracker too, as a probe's would.</li>
 * </ol>
 * A failed query is a failed proof: the read goes where it would have gone without it. One per logical connection,
 * single-threaded like it; allocates only when it queries.
 */
final class FloorProver {
    private static final Logger log = RwSplitLoggers.get(FloorProver.class);

    private final Cluster cluster;
    private final SessionConnections connections;
    private final long waitMillis;
    private final long firstQuietNanos;
    private final long maxQuietNanos;

    FloorProver(Cluster cluster, SessionConnections connections) {
        this.cluster = cluster;
        this.connections = connections;
        this.waitMillis = cluster.config().floorWaitMillis();
        this.maxQuietNanos = cluster.config().probeIntervalMillis() * 1_000_000L;
        this.firstQuietNanos = Math.min(maxQuietNanos, Math.max(1, waitMillis) * 1_000_000L);
    }

    /** Whether proofs may be asked of {@code n} now: not in the quiet period after proofs that found it behind. */
    boolean mayAsk(Node n, long clockNow) {
        long quiet = cluster.freshness().floorQueries(n.id()).quietUntil;
        return quiet == 0 || clockNow - quiet >= 0;
    }

    /**
     * Settles {@code session}'s pending floor with a position read after its last statement: on that statement's
     * replica if it is still up (its applied position is the smaller, easier floor), else on the primary.
     */
    boolean settle(SessionFreshness session) {
        PositionKind kind = cluster.positionKind();
        if (kind == null) {
            return false;
        }
        FreshnessTracker tracker = cluster.tracker();
        int epoch = tracker.epoch();
        if (!session.eventOnPrimary()) {
            Node replica = byId(session.eventNode());
            if (replica != null && replica.role() == NodeRole.REPLICA && replica.isReachable()) {
                ReplicationPosition p = read(replica, kind.appliedPositionQuery(), kind, true);
                if (p != null && tracker.epoch() == epoch && session.settleWith(p, false, epoch)) {
                    return true;
                }
            }
        }
        Node primary = cluster.currentPrimary();
        if (primary == null || !primary.isReachable()) {
            return false;
        }
        ReplicationPosition p = read(primary, kind.primaryPositionQuery(), kind, true);
        return p != null && tracker.epoch() == epoch && session.settleWith(p, true, epoch);
    }

    /**
     * Asks {@code replica} for its applied position, waiting up to {@code floorWait} for it to cover {@code floor};
     * the position it answered (recorded in the tracker), or null if the query failed.
     */
    ReplicationPosition prove(Node replica, ReplicationPosition floor) {
        PositionKind kind = cluster.positionKind();
        if (kind == null || kind != floor.kind()) {
            return null;
        }
        ClusterFreshness.FloorQueries figures = cluster.freshness().floorQueries(replica.id());
        long started = System.nanoTime();
        ReplicationPosition applied = read(replica, proofQuery(kind, floor, waitMillis), kind, false);
        long ended = System.nanoTime();
        figures.proofNanos.add(ended - started);
        if (applied == null) {
            return null;
        }
        cluster.tracker().recordReplicaPosition(replica.id(), applied, ended);
        if (applied.covers(floor)) {
            figures.proven.increment();
            figures.behindStreak = 0;
        } else {
            figures.behind.increment();
            int streak = Math.min(30, figures.behindStreak);
            figures.behindStreak = streak + 1;
            figures.quietUntil = ended + Math.min(maxQuietNanos, firstQuietNanos << streak);
        }
        return applied;
    }

    /**
     * One query returning, in its last column, the replica's applied position once it covers {@code floor} or the
     * wait is over. Positions are inlined as literals: their canonical text has digits, hex digits, {@code / - , :}
     * and, for MySQL tags, letters and underscores only.
     */
    static String proofQuery(PositionKind kind, ReplicationPosition floor, long waitMillis) {
        switch (kind) {
            case POSTGRES_LSN:
                // One row per millisecond of the wait; each row that is not the answer sleeps 1 ms first. CASE keeps
                // the order: the position is compared before any sleep, and the last row ends the wait.
                return "SELECT pg_last_wal_replay_lsn()::text FROM generate_series(0, " + waitMillis + ") AS g"
                        + " WHERE CASE WHEN g = " + waitMillis + " OR pg_last_wal_replay_lsn() >= '" + floor.format()
                        + "'::pg_lsn THEN true ELSE pg_sleep(0.001) IS NULL END LIMIT 1";
            case MARIADB_GTID:
                // The select list is evaluated in order: the position is read after the wait.
                return waitMillis <= 0 ? kind.appliedPositionQuery()
                        : "SELECT MASTER_GTID_WAIT('" + floor.format() + "', " + (waitMillis / 1000.0)
                                + "), @@GLOBAL.gtid_slave_pos";
            case MYSQL_GTID:
            default:
                return kind.appliedPositionQuery();
        }
    }

    /**
     * Runs a one-row position query on {@code n}, on the session's held or kept connection there or a borrowed one;
     * {@code settling}: it settles a floor (counted as a position read), else it proves one.
     */
    private ReplicationPosition read(Node n, String sql, PositionKind kind, boolean settling) {
        if (settling) {
            cluster.freshness().floorQueries(n.id()).positionReads.increment();
        }
        Lease lease;
        try {
            lease = connections.lend(n);
        } catch (SQLException e) {
            return null;
        }
        try (Statement s = lease.connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            String text = rs.getString(rs.getMetaData().getColumnCount());
            return text == null ? null : kind.parse(text);
        } catch (SQLException | IllegalArgumentException e) {
            log.debug("rwsplit: a floor query on {} failed: {}", n.id(), e.toString());
            return null;
        } finally {
            connections.giveBackLent(lease);
        }
    }

    private Node byId(String id) {
        if (id == null) {
            return null;
        }
        for (Node n : cluster.nodes()) {
            if (n.id().equals(id)) {
                return n;
            }
        }
        return null;
    }
}
