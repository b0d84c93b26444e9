package io.rwsplit.driver.internal;

import io.rwsplit.driver.RwSplitMXBean;
import io.rwsplit.routing.Reason;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JMX view of a cluster. */
final class ClusterMXBeanImpl implements RwSplitMXBean {
    private final Cluster cluster;

    ClusterMXBeanImpl(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String getUrl() {
        return cluster.config().displayUrl();
    }

    @Override
    public String getPrimary() {
        try {
            return cluster.primaryForReads().id();
        } catch (java.sql.SQLException e) {
            return "none";
        }
    }

    @Override
    public Map<String, String> getNodeRoles() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), n.isReachable() ? n.role().name() : "UNREACHABLE");
        }
        return m;
    }

    @Override
    public Map<String, Long> getStatementsByNode() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), n.statements());
        }
        return m;
    }

    @Override
    public Map<String, Long> getStatementsByReason() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            m.put(r.code(), cluster.routedWith(r));
        }
        return m;
    }

    @Override
    public Map<String, Long> getReplicaLagMillis() {
        return cluster.replicaLagMillis();
    }

    @Override
    public Map<String, String> getBreakerStates() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), n.breakerState());
        }
        return m;
    }

    @Override
    public Map<String, Long> getLatencyEstimateMicros() {
        long now = System.nanoTime();
        Map<String, Long> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), n.latencyNanos(now) / 1_000);
        }
        return m;
    }

    @Override
    public Map<String, Integer> getPoolActive() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), n.poolActive());
        }
        return m;
    }

    @Override
    public long getUnknownStatements() {
        return cluster.classifier().unknownCount();
    }
}
