package io.rwsplit.driver.internal;

import io.rwsplit.consistency.FreshnessTracker;
import io.rwsplit.consistency.ReplicationPosition;
import io.rwsplit.consistency.SessionFreshness;
import io.rwsplit.consistency.StalenessGate;
import io.rwsplit.driver.RwSplit;
import io.rwsplit.routing.LeaseKind;
import io.rwsplit.routing.Reason;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica one read of a session runs on, chosen by freshness and then by the load balancer; the primary, with the
 * reason, when none qualifies. Also the session's freshness floors it chooses by: its own writes and reads
 * (read-your-writes, monotonic reads, {@link SessionFreshness}) and the positions of consistency tokens.
 *
 * <p>A replica qualifies when it is within the staleness bound (the time-based estimate) and has applied the
 * session's floor and tokens. What the probes last saw of its applied position proves that for free. When they cannot
 * (the session's last statement came after the newest primary sample, or the replica was probed before it caught up),
 * the move is proven by queries ({@link FloorProver}): at most two, once per move, not per read. A session that has
 * no replica of its own to read from tries that on every read (subject to the replica's quiet period after a proof
 * found it behind); a session that reads from a replica already moves for the balancer at most once per probe
 * interval. One per logical connection, single-threaded like it; allocates nothing per choice unless it queries.
 */
final class ReplicaChooser {
    private final Cluster cluster;
    private final ReplicaSelection selection = new ReplicaSelection();
    /** Read-your-writes and monotonic reads for this session. */
    private final SessionFreshness session;
    private final FloorProver prover;
    private final long voluntaryEveryNanos;
    /** Positions of consistency tokens, none covering another; independent of {@code readYourWrites}. */
    private final List<ReplicationPosition> tokens = new ArrayList<>(1);
    /** Clock reading of the last move tried for the balancer's sake, from a replica that could serve the read. */
    private long lastVoluntaryTry;
    private boolean triedVoluntary;
    /** A floor query failed (not: found a replica behind) at this clock reading: no more for a probe interval. */
    private long queryFailedAt;
    private boolean queryFailed;

    ReplicaChooser(Cluster cluster, SessionConnections connections) {
        this.cluster = cluster;
        FreshnessTracker tracker = cluster.tracker();
        this.session = new SessionFreshness(cluster.config().readYourWrites() ? SessionFreshness.Mode.SESSION
                : SessionFreshness.Mode.OFF, tracker::isPrimary);
        this.prover = new FloorProver(cluster, connections);
        this.voluntaryEveryNanos = cluster.config().probeIntervalMillis() * 1_000_000L;
    }

    /** What this session has written and read, for the freshness its next reads need. */
    SessionFreshness freshness() {
        return session;
    }

    /** A consistency token's position: replicas serve this session once they have applied it. */
    void require(ReplicationPosition position) {
        for (ReplicationPosition t : tokens) {
            if (t.covers(position)) {
                return;
            }
        }
        tokens.removeIf(position::covers);
        tokens.add(position);
    }

    /**
     * A replica for a read with reason {@code r}, among those that are up, fresh enough for the bound (the
     * statement's hint, the thread's {@link RwSplit#maxLag} scope, or {@code maxReplicaLag} with hysteresis) and
     * proven to hold this session's floor and tokens (by the probes, or by a query when it moves); else the primary,
     * with the reason none qualified.
     *
     * @param avoid        a node that just failed this statement, or null
     * @param maxLagMillis the statement's hinted bound, or -1
     */
    Route choose(Reason r, LeaseKind lease, Node avoid, long maxLagMillis) throws SQLException {
        // Test targets that do not replicate (H2, stub) have no freshness: every usable replica qualifies.
        boolean measured = cluster.measuresFreshness();
        FreshnessTracker tracker = cluster.tracker();
        StalenessGate gate = cluster.gate();
        long bound = maxLagMillis >= 0 ? maxLagMillis : RwSplit.currentMaxLagMillis();
        long boundNanos = bound >= 0 ? bound * 1_000_000L : -1;
        // One clock reading for both staleness and the balancer's latency estimates.
        long clockNow = System.nanoTime();
        long now = cluster.freshnessNow(clockNow);
        if (measured) {
            session.settle(tracker);
        }
        int up = 0;
        boolean tokenBlocks = false;
        selection.clear(clockNow);
        for (Node n : cluster.nodes()) {
            if (n == avoid || !cluster.replicaUsable(n)) {
                continue;
            }
            up++;
            if (!measured) {
                selection.add(n, true);
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
            ReplicationPosition applied = tokens.isEmpty() ? null : tracker.appliedPosition(id);
            boolean ok = coversTokens(applied);
            tokenBlocks |= !ok;
            if (ok && session.hasFloor() && !session.isSticky(id)) {
                // The common cases stop before this: no floor yet, or the replica the session reads from.
                ok = !session.isPending() && session.mayRead(id, applied != null ? applied
                        : tracker.appliedPosition(id));
            }
            selection.add(n, ok);
        }
        int fresh = selection.size();
        if (fresh == 0) {
            return cluster.primaryForReads().route(up == 0 ? Reason.NO_REPLICA_AVAILABLE : Reason.ALL_REPLICAS_STALE,
                    lease);
        }
        int proven = selection.provenCount();
        int pick = fresh == 1 ? 0 : cluster.balancer().choose(selection);
        Node chosen = selection.get(pick);
        if (selection.proven(pick)) {
            return chosen.route(r, lease);
        }
        // The balancer's choice needs a proof. Without a replica of its own the session tries on every read; reading
        // from one already, it tries for the balancer's sake once per probe interval.
        boolean voluntary = proven > 0;
        if ((!voluntary || !triedVoluntary || clockNow - lastVoluntaryTry >= voluntaryEveryNanos)
                && (!queryFailed || clockNow - queryFailedAt >= voluntaryEveryNanos)) {
            // The balancer's choice, or if it is quiet (a proof found it behind just now), the first other replica
            // that needs a proof and is not.
            Node target = prover.mayAsk(chosen, clockNow) ? chosen : askable(clockNow);
            if (target != null) {
                if (voluntary) {
                    triedVoluntary = true;
                    lastVoluntaryTry = clockNow;
                }
                if (proveMove(target, tracker, clockNow)) {
                    return target.route(r, lease);
                }
            }
        }
        if (proven > 0) {
            selection.retainProven();
            Node n = selection.size() == 1 ? selection.get(0) : selection.get(cluster.balancer().choose(selection));
            return n.route(r, lease);
        }
        Reason fallback = tokenBlocks || session.ownWriteAhead() ? Reason.READ_YOUR_WRITES : Reason.MONOTONIC_FLOOR;
        return cluster.primaryForReads().route(fallback, lease);
    }

    /**
     * Proves that {@code replica} holds the session's floor and tokens: settles a pending floor (one query on the
     * node of the session's last statement), then, unless the replica's last probe already covers it, asks the
     * replica (one query, waiting up to {@code floorWait}).
     */
    private boolean proveMove(Node replica, FreshnessTracker tracker, long clockNow) {
        if (session.isPending() && !prover.settle(session)) {
            queryFailed = true;
            queryFailedAt = clockNow;
            return false;
        }
        String id = replica.id();
        ReplicationPosition known = tracker.appliedPosition(id);
        if (holds(id, known)) {
            return true;
        }
        ReplicationPosition target = session.hasFloor() && !session.isSticky(id) ? session.floor() : null;
        if (target == null || (known != null && known.covers(target))) {
            target = firstTokenMissing(known);
        }
        if (target == null) {
            return false;
        }
        ReplicationPosition applied = prover.prove(replica, target);
        if (applied == null) {
            queryFailed = true;
            queryFailedAt = clockNow;
            return false;
        }
        return holds(id, applied);
    }

    /** A candidate that needs a proof and may be asked for one now, or null. */
    private Node askable(long clockNow) {
        for (int i = 0; i < selection.size(); i++) {
            if (!selection.proven(i) && prover.mayAsk(selection.get(i), clockNow)) {
                return selection.get(i);
            }
        }
        return null;
    }

    private boolean holds(String id, ReplicationPosition applied) {
        return applied != null && coversTokens(applied) && session.mayRead(id, applied);
    }

    private boolean coversTokens(ReplicationPosition applied) {
        for (int i = 0; i < tokens.size(); i++) {
            if (applied == null || !applied.covers(tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    private ReplicationPosition firstTokenMissing(ReplicationPosition applied) {
        for (int i = 0; i < tokens.size(); i++) {
            if (applied == null || !applied.covers(tokens.get(i))) {
                return tokens.get(i);
            }
        }
        return null;
    }
}
