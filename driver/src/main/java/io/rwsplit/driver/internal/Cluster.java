package io.rwsplit.driver.internal;

import io.rwsplit.consistency.FreshnessTracker;
import io.rwsplit.consistency.LagAlarm;
import io.rwsplit.consistency.LagListener;
import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;
import io.rwsplit.consistency.StalenessGate;
import io.rwsplit.consistency.internal.RwSplitLoggers;
import io.rwsplit.routing.LoadBalancer;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.StatementClassifier;
import io.rwsplit.routing.balance.LoadBalancers;
import org.slf4j.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything logical connections of one configuration share: the nodes and their pools, the classifier and its
 * cache, the load balancer, the routing counters, and the probes that learn each node's role and freshness.
 *
 * <p>Each node is probed on its own schedule and its own connection, every {@code probeInterval}: one query
 * returns whether it is writable and its replication position. The primary's positions, stamped with the clock
 * reading taken before the query was sent, are the samples against which each replica's applied position is
 * placed in time ({@link FreshnessTracker}).
 */
public final class Cluster implements AutoCloseable {
    private static final Logger log = RwSplitLoggers.get(Cluster.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final ClusterConfig config;
    private final KeptConnections keepers = new KeptConnections();
    private final StatementClassifier classifier;
    private final LoadBalancer balancer;
    private final LongAdder[] byReason = new LongAdder[Reason.values().length];
    private final Object topologyLock = new Object();
    private final FreshnessTracker tracker = new FreshnessTracker(System::nanoTime);
    private final StalenessGate gate;
    private final LagAlarm alarm;
    private final List<LagListener> lagListeners = new CopyOnWriteArrayList<>();
    private final ProbeSchedule probes;
    private volatile Node[] nodes;
    private volatile Node primary;
    /** Set while more than one node reports itself writable: writes are refused. */
    private volatile String splitBrain;
    private volatile PositionKind positionKind;
    /** Clock reading of the last successful primary sample, 0 before the first. */
    private volatile long lastPrimarySampleAt;
    private volatile boolean closed;
    private final int id;

    /**
     * Creates the cluster, probes every node once (roles, freshness), and checks that at least one node accepts
     * the credentials, so that a bad password or an unreachable cluster fails at connect time rather than at the
     * first statement.
     */
    public static Cluster start(ClusterConfig config) throws SQLException {
        Cluster c = new Cluster(config);
        try {
            c.verifyReachable();
            if (config.vendor.replicates()) {
                c.probeAllOnce();
                c.scheduleProbes();
            } else {
                for (Node n : c.nodes) {
                    n.probeSucceeded(n.role() == NodeRole.PRIMARY);
                }
                c.probes.sweepEvery250ms(c.keepers::sweep);
            }
            c.registerMBean();
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    Cluster(ClusterConfig config) {
        this.config = config;
        this.classifier = new StatementClassifier(config.vendor.dialect(), config.criticalTables,
                config.classificationCacheSize);
        this.balancer = LoadBalancers.named(config.loadBalance);
        this.gate = new StalenessGate(TimeUnit.MILLISECONDS.toNanos(config.maxReplicaLagMillis),
                StalenessGate.DEFAULT_HYSTERESIS, TimeUnit.MILLISECONDS.toNanos(config.probeIntervalMillis));
        this.alarm = new LagAlarm(TimeUnit.MILLISECONDS.toNanos(config.lagAlertMillis()),
                StalenessGate.DEFAULT_HYSTERESIS, this::onLagAlert);
        for (int i = 0; i < byReason.length; i++) {
            byReason[i] = new LongAdder();
        }
        List<HostAndPort> hosts = config.hosts;
        Node[] n = new Node[hosts.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = new Node(hosts.get(i), config, i == 0 ? NodeRole.PRIMARY : NodeRole.REPLICA,
                    i == 0 ? 1 : config.replicaWeight(i - 1), keepers);
        }
        this.nodes = n;
        this.primary = n[0];
        tracker.setPrimary(n[0].id());
        this.id = SEQUENCE.incrementAndGet();
        this.probes = new ProbeSchedule(id, n.length, config.probeIntervalMillis, this::probe);
        log.info("rwsplit started for {} with {} node(s)", config.displayUrl(), n.length);
    }

    public ClusterConfig config() {
        return config;
    }

    public StatementClassifier classifier() {
        return classifier;
    }

    LoadBalancer balancer() {
        return balancer;
    }

    FreshnessTracker tracker() {
        return tracker;
    }

    StalenessGate gate() {
        return gate;
    }

    /** The kind of replication position the nodes report; null until the first probe answered. */
    public PositionKind positionKind() {
        return positionKind;
    }

    /** Every node currently part of the cluster. */
    public Node[] nodes() {
        return nodes;
    }

    /** The node writes go to; refuses when no node, or more than one, claims to be writable. */
    public Node primary() throws SQLException {
        String brain = splitBrain;
        if (brain != null) {
            throw new java.sql.SQLTransientConnectionException("rwsplit refuses to write: " + brain + " both report"
                    + " themselves writable and it will not pick one; the statement was not sent, so retrying it once"
                    + " the topology is fixed is safe", Errors.UNABLE_TO_CONNECT);
        }
        Node p = primary;
        if (p != null && !p.breakerAllows()) {
            throw new java.sql.SQLTransientConnectionException("rwsplit: the primary " + p.id() + " is unreachable"
                    + " (its circuit breaker is open after repeated connection failures); the statement was not"
                    + " sent, so retrying it later is safe", Errors.UNABLE_TO_CONNECT);
        }
        if (p == null || Boolean.FALSE.equals(p.reportsWritable())) {
            throw new java.sql.SQLTransientConnectionException("rwsplit knows no writable primary for "
                    + config.displayUrl() + (p == null ? "" : ": " + p.id() + " reports itself read-only")
                    + "; the statement was not sent, so retrying it once a node reports itself writable is safe",
                    Errors.UNABLE_TO_CONNECT);
        }
        return p;
    }

    /** The node rwsplit currently takes for the primary, whatever its state; null if none. No checks, no throw. */
    Node currentPrimary() {
        return primary;
    }

    /** The current primary for reads that fall back to it, even when writes are refused. */
    Node primaryForReads() throws SQLException {
        Node p = primary;
        if (p == null) {
            throw primaryMissing();
        }
        return p;
    }

    private SQLException primaryMissing() {
        return new SQLException("rwsplit knows no primary for " + config.displayUrl(), Errors.UNABLE_TO_CONNECT);
    }

    /** Whether replicas' freshness is measured (false for test targets that do not replicate). */
    boolean measuresFreshness() {
        return config.vendor.replicates();
    }

    /** Whether a replica may serve reads at all right now (role, reachability, membership). */
    boolean replicaUsable(Node n) {
        return n.role() == NodeRole.REPLICA && n.isReachable() && !n.isRemoved() && n.breakerAllows();
    }

    /**
     * The clock reading against which staleness is measured now. While the primary is unreachable nothing new
     * can be committed through it, so staleness is measured as of the last primary sample: replicas that applied
     * it stay fresh and keep serving reads instead of all turning stale while the primary is down.
     */
    long freshnessNow() {
        return freshnessNow(System.nanoTime());
    }

    /** {@link #freshnessNow()} for a {@link System#nanoTime()} reading the caller took and uses for more. */
    long freshnessNow(long clockNow) {
        Node p = primary;
        long last = lastPrimarySampleAt;
        if (p != null && !p.isReachable() && last != 0) {
            return last;
        }
        return clockNow;
    }

    void count(Reason reason) {
        byReason[reason.ordinal()].increment();
    }

    /** Statements routed with this reason since start. */
    public long routedWith(Reason reason) {
        return byReason[reason.ordinal()].sum();
    }

    // ------------------------------------------------------------------ freshness

    /** Upper bound of each replica's staleness in milliseconds now ({@code -1} when unknown), by node address. */
    public Map<String, Long> replicaLagMillis() {
        Map<String, Long> lag = new LinkedHashMap<>();
        long now = freshnessNow();
        for (Node n : nodes) {
            if (n.role() == NodeRole.REPLICA) {
                long st = tracker.stalenessNanos(n.id(), now);
                lag.put(n.id(), st == Long.MAX_VALUE ? -1L : TimeUnit.NANOSECONDS.toMillis(st));
            }
        }
        return lag;
    }

    /** Whether a replica is currently excluded from reads for staleness. */
    public boolean isExcludedForLag(Node n) {
        return gate.isExcluded(n.id());
    }

    public void addLagListener(LagListener listener) {
        lagListeners.add(listener);
    }

    public void removeLagListener(LagListener listener) {
        lagListeners.remove(listener);
    }

    private void onLagAlert(String nodeId, long stalenessMillis, boolean raised) {
        if (raised) {
            log.warn("rwsplit: replica {} lags {} ms, above the alert level of {} ms", nodeId,
                    stalenessMillis == Long.MAX_VALUE ? "an unknown number of" : stalenessMillis,
                    config.lagAlertMillis());
        } else {
            log.info("rwsplit: replica {} is back under the lag alert level ({} ms)", nodeId, stalenessMillis);
        }
        for (LagListener l : lagListeners) {
            try {
                l.onLagAlert(nodeId, stalenessMillis, raised);
            } catch (RuntimeException e) {
                log.warn("rwsplit: a lag listener failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ probes

    private void probeAllOnce() {
        probes.probeAllOnce(nodes, config.probeTimeoutMillis + 1000);
    }

    /** The connections logical connections keep between statements. */
    KeptConnections keepers() {
        return keepers;
    }

    private void scheduleProbes() {
        probes.sweepEvery250ms(keepers::sweep);
        synchronized (topologyLock) {
            for (Node n : nodes) {
                probes.start(n);
            }
        }
    }

    /** One probe of one node: role and replication position; never throws. */
    void probe(Node n) {
        if (closed || n.isRemoved()) {
            return;
        }
        long sentAt = System.nanoTime();
        NodeProber.Report report;
        try {
            report = n.prober.probe();
        } catch (SQLException e) {
            if (!n.prober.lastFailureCounts()) {
                // The node answered, but not to the probe (a privilege, an unexpected server, an SQL error of any
                // class on a connection that still answers): it stays reachable and its breaker is not fed
                // (NodeHealthRule), and its freshness stays unknown, so it gets no replica reads.
                if (!java.util.Objects.equals(e.getMessage(), n.lastProbeError())) {
                    log.warn("rwsplit: the probe of node {} failed: {}", n.id(), e.getMessage());
                }
                n.probeError(e.getMessage());
                return;
            }
            n.recordFailure(e);
            if (n.probeFailed(e.getMessage())) {
                n.retireConnections();
                log.warn("rwsplit: node {} stopped answering probes: {}", n.id(), e.getMessage());
            }
            updateRoles();
            return;
        } catch (RuntimeException e) {
            log.warn("rwsplit: the probe of node {} failed unexpectedly", n.id(), e);
            return;
        }
        n.recordSuccess();
        if (n.probeSucceeded(report.writable())) {
            log.info("rwsplit: node {} answers probes again ({})", n.id(), report.writable() ? "writable" : "read-only");
        }
        PositionKind kind = n.prober.kind();
        if (positionKind == null) {
            positionKind = kind;
        }
        updateRoles();
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
        if (report.writable()) {
            if (n == primary) {
                tracker.recordPrimarySample(position, sentAt);
                lastPrimarySampleAt = sentAt;
            }
        } else {
            tracker.recordReplicaPosition(n.id(), position, System.nanoTime());
            long staleness = tracker.stalenessNanos(n.id(), freshnessNow());
            if (staleness != Long.MAX_VALUE) {
                alarm.check(n.id(), staleness);
            }
        }
    }

    /** Follows what the nodes report: the one writable node is the primary; read-only nodes are replicas. */
    private void updateRoles() {
        synchronized (topologyLock) {
            List<Node> writable = new ArrayList<>();
            for (Node n : nodes) {
                if (n.isReachable() && Boolean.TRUE.equals(n.reportsWritable())) {
                    writable.add(n);
                }
            }
            if (writable.size() > 1) {
                String brain = writable.get(0).id() + " and " + writable.get(1).id();
                if (!brain.equals(splitBrain)) {
                    log.error("rwsplit: {} both report themselves writable; writes are refused until one is not",
                            brain);
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
                log.warn("rwsplit: primary changed from {} to {} (the nodes' own report)",
                        old == null ? "none" : old.id(), next.id());
                primary = next;
                next.role(NodeRole.PRIMARY);
                tracker.setPrimary(next.id());
                tracker.clearSamples();
                gate.forget(next.id());
                alarm.forget(next.id());
                if (old != null) {
                    old.role(NodeRole.REPLICA);
                    tracker.reset(old.id());
                    old.retireConnections();
                }
            }
            for (Node n : nodes) {
                if (n != primary && n.isReachable() && Boolean.FALSE.equals(n.reportsWritable())
                        && n.role() != NodeRole.REPLICA) {
                    n.role(NodeRole.REPLICA);
                    tracker.reset(n.id());
                    n.retireConnections();
                    log.info("rwsplit: node {} now reports itself read-only; it serves reads once fresh", n.id());
                }
            }
        }
    }

    // ------------------------------------------------------------------ topology at run time

    /** Adds a replica at run time; returns false if a node with that address is already present. */
    public boolean addReplica(HostAndPort address, int weight) {
        synchronized (topologyLock) {
            for (Node n : nodes) {
                if (n.address().equals(address)) {
                    return false;
                }
            }
            Node added = new Node(address, config, NodeRole.REPLICA, weight, keepers);
            Node[] next = java.util.Arrays.copyOf(nodes, nodes.length + 1);
            next[next.length - 1] = added;
            nodes = next;
            if (!closed) {
                probes.startNow(added, next.length);
            }
            log.info("rwsplit: replica {} added", address);
            return true;
        }
    }

    /** Removes a replica at run time; statements already running on it finish. Refuses to remove the primary. */
    public boolean removeReplica(HostAndPort address) {
        synchronized (topologyLock) {
            List<Node> keep = new ArrayList<>();
            Node gone = null;
            for (Node n : nodes) {
                if (n.address().equals(address)) {
                    gone = n;
                } else {
                    keep.add(n);
                }
            }
            if (gone == null) {
                return false;
            }
            if (gone == primary) {
                throw new IllegalArgumentException("node " + address + " is the primary; only replicas can be removed");
            }
            nodes = keep.toArray(new Node[0]);
            probes.stop(gone);
            gone.close();
            tracker.remove(gone.id());
            gate.forget(gone.id());
            alarm.forget(gone.id());
            log.info("rwsplit: replica {} removed", address);
            return true;
        }
    }

    /** Borrows and returns one connection, to fail early on bad credentials or an unreachable cluster. */
    void verifyReachable() throws SQLException {
        SQLException first = null;
        for (Node n : nodes) {
            try {
                Connection c = n.borrow();
                n.release(c);
                return;
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                    throw e;
                }
            }
        }
        throw Errors.unavailable("rwsplit could not reach any node of " + config.displayUrl(), first);
    }

    public boolean isClosed() {
        return closed;
    }

    /** The isolation level a connection has when the application set none (the server's usual default). */
    int defaultIsolation() {
        return config.vendor.isPostgres() ? Connection.TRANSACTION_READ_COMMITTED
                : Connection.TRANSACTION_REPEATABLE_READ;
    }

    private javax.management.ObjectName mbeanName;

    /** Registers this cluster's figures as {@code io.rwsplit:type=Cluster,name=<n>}. */
    private void registerMBean() {
        try {
            javax.management.ObjectName name = new javax.management.ObjectName("io.rwsplit:type=Cluster,name=" + id);
            java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(new javax.management.StandardMBean(new ClusterMXBeanImpl(this),
                            io.rwsplit.driver.RwSplitMXBean.class, true), name);
            mbeanName = name;
        } catch (javax.management.JMException | RuntimeException e) {
            log.warn("rwsplit: could not register its JMX MBean: {}", e.toString());
        }
    }

    /** The JMX name of this cluster's MBean, or null if it could not be registered. */
    public javax.management.ObjectName mbeanName() {
        return mbeanName;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mbeanName != null) {
            try {
                java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
            } catch (javax.management.JMException | RuntimeException e) {
                log.debug("rwsplit: could not unregister its MBean: {}", e.toString());
            }
        }
        probes.close();
        for (Node n : nodes) {
            n.close();
        }
        log.info("rwsplit stopped for {}", config.displayUrl());
    }
}
