package io.rwsplit.driver.internal;

import io.rwsplit.consistency.FreshnessTracker;
import io.rwsplit.consistency.ReplicationPosition;
import io.rwsplit.consistency.SessionFreshness;
import io.rwsplit.consistency.StalenessGate;
import io.rwsplit.driver.RwSplit;
import io.rwsplit.routing.LeaseKind;
import io.rwsplit.routing.Reason;

import java.sql.SQLException;

/**
 * The replica one read of a session runs on, chosen by freshness and then by the load balancer; the primary, with the
 * reason, when none qualifies. Also the session's freshness floors it chooses by: its own writes and reads
 * (read-your-writes, monotonic reads) and the floor of consistency tokens. One per logical connection, single-threaded
 * like it; allocates nothing per choice.
 */
final class ReplicaChooser {
    private final Cluster cluster;
    private final ReplicaSelection selection = new ReplicaSelection();
    /** Read-your-writes and monotonic reads for this session. */
    private final SessionFreshness session;
    /** A consistency token's position not yet turned into a freshness floor, or null. */
    private ReplicationPosition requiredPosition;
    /**
     * Freshness floor from consistency tokens: replicas must be fresh as of this clock reading. Independent of
     * {@code readYourWrites}, which governs only the session's own writes and reads.
     */
    private boolean hasTokenFloor;
    private long tokenFloorNanos;

    ReplicaChooser(Cluster cluster) {
        this.cluster = cluster;
        FreshnessTracker tracker = cluster.tracker();
        this.session = new SessionFreshness(cluster.config().readYourWrites() ? SessionFreshness.Mode.SESSION
                : SessionFreshness.Mode.OFF, tracker::isPrimary);
    }

    /** What this session has written and read, for the freshness its next reads need. */
    SessionFreshness freshness() {
        return session;
    }

    /** A consistency token's position: replicas serve this session once they have applied it. */
    void require(ReplicationPosition position) {
        requiredPosition = position;
        applyRequiredPosition(cluster.tracker());
    }

    /**
     * A replica for a read with reason {@code r}, among those that are up, fresh enough for the bound (the
     * statement's hint, the thread's {@link RwSplit#maxLag} scope, or {@code maxReplicaLag} with hysteresis) and
     * fresh past this session's own writes and reads and its token floor; else the primary, with the reason none
     * qualified.
     *
     * @param avoid        a node that just failed this statement, or null
     * @param maxLagMillis the statement's hinted bound, or -1
     */
    Route choose(Reason r, LeaseKind lease, Node avoid, long maxLagMillis) throws SQLException {
        // Test targets that do not replicate (H2, stub) have no freshness: every usable replica qualifies.
        boolean measured = cluster.measuresFreshness();
        FreshnessTracker tracker = cluster.tracker();
        StalenessGate gate = cluster.gate();
        if (requiredPosition != null && measured) {
            applyRequiredPosition(tracker);
        }
        long bound = maxLagMillis >= 0 ? maxLagMillis : RwSplit.currentMaxLagMillis();
        long boundNanos = bound >= 0 ? bound * 1_000_000L : -1;
        // One clock reading for both staleness and the balancer's latency estimates.
        long clockNow = System.nanoTime();
        long now = cluster.freshnessNow(clockNow);
        int up = 0;
        int fresh = 0;
        selection.clear(clockNow);
        for (Node n : cluster.nodes()) {
            if (n == avoid || !cluster.replicaUsable(n)) {
                continue;
            }
            up++;
            if (!measured) {
                fresh++;
                selection.add(n);
                continue;
            }
            String id = n.id();
            // One look-up per replica: staleness is derived from the same reading (replicas are never the primary).
            long freshAsOf = tracker.freshAsOfNanos(id);
            long staleness = freshAsOf == FreshnessTracker.UNKNOWN ? Long.MAX_VALUE : Math.max(0L, now - freshAsOf);
            boolean freshEnough = boundNanos >= 0 ? StalenessGate.withinBound(staleness, boundNanos)
                    : gate.admits(id, staleness);
            if (!freshEnough) {
                continue;
            }
            fresh++;
            if (requiredPosition != null || freshAsOf == FreshnessTracker.UNKNOWN
                    || (hasTokenFloor && freshAsOf - tokenFloorNanos < 0)) {
                continue;
            }
            if (session.mayRead(id, freshAsOf)) {
                selection.add(n);
            }
        }
        if (selection.size() == 0) {
            Reason fallback = up == 0 ? Reason.NO_REPLICA_AVAILABLE
                    : fresh == 0 ? Reason.ALL_REPLICAS_STALE : Reason.READ_YOUR_WRITES;
            return cluster.primaryForReads().route(fallback, lease);
        }
        Node chosen = selection.size() == 1 ? selection.get(0) : selection.get(cluster.balancer().choose(selection));
        return chosen.route(r, lease);
    }

    /** Once the primary samples cover a token's position, the token becomes an ordinary freshness floor. */
    private void applyRequiredPosition(FreshnessTracker tracker) {
        long coveredAt = tracker.sampleTimeCovering(requiredPosition);
        if (coveredAt != FreshnessTracker.UNKNOWN) {
            if (!hasTokenFloor || coveredAt - tokenFloorNanos > 0) {
                tokenFloorNanos = coveredAt;
                hasTokenFloor = true;
            }
            requiredPosition = null;
        }
    }
}
