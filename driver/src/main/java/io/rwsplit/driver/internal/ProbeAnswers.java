package io.rwsplit.driver.internal;

import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;
import io.rwsplit.consistency.internal.RwSplitLoggers;
import org.slf4j.Logger;

import java.sql.SQLException;
import java.util.Objects;

/**
 * What one probe's answer means, written once: the node's health (reachable, its breaker), who is primary (the
 * roles are followed after every probe) and how fresh each replica is (the primary's position is a sample, a
 * replica's is placed against the samples). {@link Cluster} runs it on each node's schedule.
 */
final class ProbeAnswers {
    private static final Logger log = RwSplitLoggers.get(ProbeAnswers.class);

    private final ClusterFreshness freshness;
    private final RoleFollower roles;
    /** Follows the roles under the cluster's topology lock. */
    private final Runnable followRoles;

    ProbeAnswers(ClusterFreshness freshness, RoleFollower roles, Runnable followRoles) {
        this.freshness = freshness;
        this.roles = roles;
        this.followRoles = followRoles;
    }

    /** One probe of one node; never throws. */
    void probe(Node n) {
        long sentAt = System.nanoTime();
        NodeProber.Report report;
        try {
            report = n.prober.probe();
        } catch (SQLException e) {
            failed(n, e);
            return;
        } catch (RuntimeException e) {
            log.warn("rwsplit: the probe of node {} failed unexpectedly", n.id(), e);
            return;
        }
        n.health().recordSuccess();
        if (n.probeSucceeded(report.writable())) {
            log.info("rwsplit: node {} answers probes again ({})", n.id(), report.writable() ? "writable" : "read-only");
        }
        PositionKind kind = n.prober.kind();
        freshness.noteKind(kind);
        followRoles.run();
        if (report.position() == null || kind == null) {
            return;
        }
        ReplicationPosition position;
        try {
            position = kind.parse(report.position());
        } catch (IllegalArgumentException e) {
            log.warn("rwsplit: node {} reported a position rwsplit cannot read: {}", n.id(), e.getMessage());
            return;
        }
        if (!report.writable()) {
            freshness.replicaPosition(n.id(), position, freshness.now(roles.current(), System.nanoTime()));
        } else if (n == roles.current()) {
            freshness.primarySample(position, sentAt);
        }
    }

    private void failed(Node n, SQLException e) {
        if (!n.prober.lastFailureCounts()) {
            // The node answered, but not to the probe (a privilege, an unexpected server, an SQL error of any
            // class on a connection that still answers): it stays reachable and its breaker is not fed
            // (NodeHealthRule), and its freshness stays unknown, so it gets no replica reads.
            if (!Objects.equals(e.getMessage(), n.health().lastProbeError())) {
                log.warn("rwsplit: the probe of node {} failed: {}", n.id(), e.getMessage());
            }
            n.health().probeError(e.getMessage());
            return;
        }
        n.health().recordFailure(e);
        if (n.probeFailed(e.getMessage())) {
            n.pool().retireConnections();
            log.warn("rwsplit: node {} stopped answering probes: {}", n.id(), e.getMessage());
        }
        followRoles.run();
    }
}
