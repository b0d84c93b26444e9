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
 */
final class RoleFollower {
    private static final Logger log = RwSplitLoggers.get(RoleFollower.class);

    private final ClusterFreshness freshness;
    private final String displayUrl;
    private volatile Node primary;
    /** Set while more than one node reports itself writable: writes are refused. */
    private volatile String splitBrain;

    RoleFollower(Node first, ClusterFreshness freshness, String displayUrl) {
        this.primary = first;
        this.freshness = freshness;
        this.displayUrl = displayUrl;
    }

    /** The node writes go to; refuses when no node, or more than one, claims to be writable. */
    Node primary() throws SQLException {
        String brain = splitBrain;
        if (brain != null) {
            throw new SQLTransientConnectionException("rwsplit refuses to write: " + brain + " both report"
                    + " themselves writable and it will not pick one; the statement was not sent, so retrying it once"
                    + " the topology is fixed is safe", Errors.UNABLE_TO_CONNECT);
        }
        Node p = primary;
        if (p != null && !p.breakerAllows()) {
            throw new SQLTransientConnectionException("rwsplit: the primary " + p.id() + " is unreachable"
                    + " (its circuit breaker is open after repeated connection failures); the statement was not"
                    + " sent, so retrying it later is safe", Errors.UNABLE_TO_CONNECT);
        }
        if (p == null || Boolean.FALSE.equals(p.reportsWritable())) {
            throw new SQLTransientConnectionException("rwsplit knows no writable primary for " + displayUrl
                    + (p == null ? "" : ": " + p.id() + " reports itself read-only")
                    + "; the statement was not sent, so retrying it once a node reports itself writable is safe",
                    Errors.UNABLE_TO_CONNECT);
        }
        return p;
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
