package io.rwsplit.driver.internal;

import io.rwsplit.driver.RwSplitMXBean;
import io.rwsplit.routing.Reason;

import io.rwsplit.consistency.internal.RwSplitLoggers;

import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JMX view of a cluster, registered as {@code io.rwsplit:type=Cluster,name=<n>}. */
final class ClusterMXBeanImpl implements RwSplitMXBean {
    private final Cluster cluster;

    ClusterMXBeanImpl(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Registers the cluster's figures under its sequence number; null (and a WARN line) if JMX refuses. */
    static ObjectName register(Cluster cluster, int sequence) {
        try {
            ObjectName name = new ObjectName("io.rwsplit:type=Cluster,name=" + sequence);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(new ClusterMXBeanImpl(cluster),
                    RwSplitMXBean.class, true), name);
            return name;
        } catch (JMException | RuntimeException e) {
            RwSplitLoggers.get(ClusterMXBeanImpl.class).warn("rwsplit: could not register its JMX MBean: {}",
                    e.toString());
            return null;
        }
    }

    static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            RwSplitLoggers.get(ClusterMXBeanImpl.class).debug("rwsplit: could not unregister its MBean: {}",
                    e.toString());
        }
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
    public Map<String, Long> getFloorProofs() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), cluster.floorProofs(n, true));
        }
        return m;
    }

    @Override
    public Map<String, Long> getFloorProofsBehind() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), cluster.floorProofs(n, false));
        }
        return m;
    }

    @Override
    public Map<String, Long> getFloorPositionReads() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Node n : cluster.nodes()) {
            m.put(n.id(), cluster.floorPositionReads(n));
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
    public Map<String, Long> getDiscoveryCounts() {
        return cluster.discoveryCounts();
    }

    @Override
    public long getUnknownStatements() {
        return cluster.classifier().unknownCount();
    }

    @Override
    public Map<String, Long> getSessionPinsByCause() {
        return cluster.sessionMetrics().pinsByCause();
    }

    @Override
    public long getSessionUnpins() {
        return cluster.sessionMetrics().unpins();
    }

    @Override
    public int getSessionsPinned() {
        return cluster.sessionMetrics().pinnedNow();
    }

    @Override
    public long getSessionReplays() {
        return cluster.sessionMetrics().replays();
    }

    @Override
    public long getSessionReplayMicros() {
        return cluster.sessionMetrics().replayNanos() / 1000;
    }

    @Override
    public long getSessionResets() {
        return cluster.sessionMetrics().resets();
    }
}
