package io.rwsplit.driver.internal;

import io.rwsplit.consistency.internal.RwSplitLoggers;
import org.slf4j.Logger;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which node is the primary, by what the nodes themselves report: the one reachable node that says it is writable.
 * Two writable nodes are a split brain, and writes are refused until one of them is not; a node that turns
 * read-only becomes a replica. No configuration decides this after start: an external tool promotes, rwsplit
 * follows.
 *
 * <p>While no writable primary is known, {@link #primary()} refuses with {@link NoWritablePrimary}; a statement that
 * was not sent may wait for the next report ({@link #awaitReport}) and ask again, up to {@code failoverHold}.
 */
final class RoleFollower {
    private static final Logger log = RwSplitLoggers.get(RoleFollower.class);

    private final ClusterFreshness freshness;
    private final String displayUrl;
    private volatile Node primary;
    /** Set while more than one node reports itself writable: writes are refused. */
    private volatile String splitBrain;
    /** Counts {@link #follow} calls (every probe's outcome); guarded by itself, which waiters wait on. */
    private final long[] reports = new long[1];

    RoleFollower(Node first, ClusterFreshness freshness, String displayUrl) {
        this.primary = first;
        this.freshness = freshness;
        this.displayUrl = displayUrl;
    }

    /**
     * The node writes go to; refuses (08001, {@link NoWritablePrimary}) when no node, or more than one, claims to be
     * writable, or the one that does has stopped answering.
     */
    Node primary() throws SQLException {
        String brain = splitBrain;
        if (brain != null) {
            throw new NoWritablePrimary("rwsplit refuses to write: " + brain + " both report themselves writable"
                    + " and it will not pick one");
        }
        Node p = primary;
        if (p == null || Boolean.FALSE.equals(p.reportsWritable())) {
            throw new NoWritablePrimary("rwsplit knows no writable primary for " + displayUrl
                    + (p == null ? "" : ": " + p.id() + " reports itself read-only"));
        }
        if (!p.isReachable()) {
            throw new NoWritablePrimary("rwsplit: the primary " + p.id() + " does not answer");
        }
        if (!p.breakerAllows()) {
            throw new NoWritablePrimary("rwsplit: the primary " + p.id() + " is unreachable (its circuit breaker is"
                    + " open after repeated connection failures)");
        }
        return p;
    }

    /**
     * Waits until the next probe of any node has been followed ({@link #follow}), or until {@code deadlineNanos}
     * ({@link System#nanoTime()}); false when the deadline has passed. Only statements that were not sent wait.
     */
    boolean awaitReport(long deadlineNanos) {
        synchronized (reports) {
            long seen = reports[0];
            while (reports[0] == seen) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    reports.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** No writable primary is known now: the statement was not sent. */
    static final class NoWritablePrimary extends SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        NoWritablePrimary(String message) {
            super(message, Errors.UNABLE_TO_CONNECT);
        }
    }

    /** The node rwsplit currently takes for the primary, whatever its state; null if none. No checks, no throw. */
    Node current() {
        return primary;
    }

    /** The current primary for reads that fall back to it, even when writes are refused. */
    Node forReads() throws SQLException {
        Node p = primary;
        if (p == null) {
            throw new SQLException("rwsplit knows no primary for " + displayUrl, Errors.UNABLE_TO_CONNECT);
        }
        return p;
    }

    /**
     * Follows what the nodes report after a probe: the one writable node is the primary; read-only nodes are
     * replicas. The caller holds the topology lock, so {@code nodes} does not change meanwhile.
     */
    void follow(Node[] nodes) {
        try {
            followOnce(nodes);
        } finally {
            synchronized (reports) {
                reports[0]++;
                reports.notifyAll();
            }
        }
    }

    private void followOnce(Node[] nodes) {
        List<Node> writable = new ArrayList<>();
        for (Node n : nodes) {
            if (n.isReachable() && Boolean.TRUE.equals(n.reportsWritable())) {
                writable.add(n);
            }
        }
        if (writable.size() > 1) {
            String brain = writable.get(0).id() + " and " + writable.get(1).id();
            if (!brain.equals(splitBrain)) {
                log.error("rwsplit: {} both report themselves writable; writes are refused until one is not", brain);
            }
            splitBrain = brain;
            return;
        }
        if (splitBrain != null) {
            log.info("rwsplit: only one writable node again; writes resume");
            splitBrain = null;
        }
        if (writable.size() == 1 && writable.get(0) != primary) {
            Node old = primary;
            Node next = writable.get(0);
            log.warn("rwsplit: primary changed from {} to {} (the nodes' own report)", old == null ? "none" : old.id(),
                    next.id());
            primary = next;
            next.role(NodeRole.PRIMARY);
            freshness.primaryChanged(next.id(), old == null ? null : old.id());
            if (old != null) {
                old.role(NodeRole.REPLICA);
                old.pool().retireConnections();
            }
        }
        for (Node n : nodes) {
            if (n != primary && n.isReachable() && Boolean.FALSE.equals(n.reportsWritable())
                    && n.role() != NodeRole.REPLICA) {
                n.role(NodeRole.REPLICA);
                freshness.becameReplica(n.id());
                n.pool().retireConnections();
                log.info("rwsplit: node {} now reports itself read-only; it serves reads once fresh", n.id());
            }
        }
    }
}
