package io.rwsplit.driver.internal;

import io.rwsplit.consistency.FreshnessTracker;
import io.rwsplit.consistency.LagListener;
import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.StalenessGate;
import io.rwsplit.consistency.internal.RwSplitLoggers;
import io.rwsplit.routing.LoadBalancer;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.StatementClassifier;
import io.rwsplit.routing.balance.LoadBalancers;
import org.slf4j.Logger;

import javax.management.ObjectName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything logical connections of one configuration share: the nodes and their pools, the classifier and its
 * cache, the load balancer, the routing counters, and the probes that learn each node's role
 * ({@link RoleFollower}) and each replica's freshness ({@link ClusterFreshness}).
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
    private final SessionStateMetrics sessionMetrics = new SessionStateMetrics();
    /** Guards changes of the node list and of the roles. */
    private final Object topologyLock = new Object();
    private final ClusterFreshness freshness;
    private final RoleFollower roles;
    private final ProbeSchedule probes;
    private final ProbeAnswers answers;
    private volatile Node[] nodes;
    /** Replicas that join and leave on their own; null with {@code discovery=off}. */
    private volatile TopologyDiscovery discovery;
    private volatile boolean closed;
    private final int id;
    private ObjectName mbeanName;

    /**
     * Creates the cluster, probes every node once (roles, freshness), and checks that at least one node accepts
     * the credentials, so that a bad password or an unreachable cluster fails at connect time rather than at the
     * first statement.
     */
    public static Cluster start(ClusterConfig config) throws SQLException {
        TopologyDiscovery.Start initial = config.discoversByDns() ? TopologyDiscovery.initial(config)
                : new TopologyDiscovery.Start(config.hosts, java.util.Set.of());
        Cluster c = new Cluster(config, initial.hosts());
        try {
            c.verifyReachable();
            if (config.vendor.replicates()) {
                c.probes.probeAllOnce(c.nodes, config.probeTimeoutMillis + 1000);
                c.scheduleProbes();
            } else {
                for (Node n : c.nodes) {
                    n.probeSucceeded(n.role() == NodeRole.PRIMARY);
                }
                c.probes.sweepEvery250ms(c.keepers::sweep);
            }
            if (config.discoversByDns() || config.discoversFromPrimary()) {
                c.discovery = new TopologyDiscovery(c, config, initial.fromNames(), "rwsplit-discovery-" + c.id);
                c.discovery.round();
                c.discovery.start();
            }
            c.mbeanName = ClusterMXBeanImpl.register(c, c.id);
        } catch (SQLException | RuntimeException e) {
            // The caller learns at once; HikariCP's pools of nodes that refused wait out their connection adder's
            // back-off pause (up to a few hundred ms each) when they close, in the background.
            c.close(false);
            throw e;
        }
        return c;
    }

    /** With these nodes, the first the initial primary: the URL's hosts, or what discovery found at start. */
    Cluster(ClusterConfig config, List<HostAndPort> hosts) {
        this.config = config;
        this.classifier = new StatementClassifier(config.vendor.dialect(), config.criticalTables,
                config.classificationCacheSize);
        this.balancer = LoadBalancers.named(config.loadBalance);
        for (int i = 0; i < byReason.length; i++) {
            byReason[i] = new LongAdder();
        }
        Node[] n = new Node[hosts.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = new Node(hosts.get(i), config, i == 0 ? NodeRole.PRIMARY : NodeRole.REPLICA,
                    i == 0 ? 1 : config.replicaWeight(i - 1), keepers);
        }
        this.nodes = n;
        this.freshness = new ClusterFreshness(config, n[0].id());
        this.roles = new RoleFollower(n[0], freshness, config.displayUrl());
        this.answers = new ProbeAnswers(freshness, roles, this::followRoles);
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
        return freshness.tracker();
    }

    StalenessGate gate() {
        return freshness.gate();
    }

    /** Freshness of the replicas, and what sessions' floor queries found there. */
    ClusterFreshness freshness() {
        return freshness;
    }

    /**
     * How often sessions proved their freshness floor on replica {@code n} by a query ({@code proven}), or found it
     * behind ({@code !proven}), since start.
     */
    public long floorProofs(Node n, boolean proven) {
        ClusterFreshness.FloorQueries q = freshness.floorQueries(n.id());
        return proven ? q.proven.sum() : q.behind.sum();
    }

    /** Queries that read a session's floor on {@code n} (the position after its last statement there), since start. */
    public long floorPositionReads(Node n) {
        return freshness.floorQueries(n.id()).positionReads.sum();
    }

    /** Time spent in floor proofs on {@code n}, waits included, in nanoseconds since start. */
    public long floorProofNanos(Node n) {
        return freshness.floorQueries(n.id()).proofNanos.sum();
    }

    /** The kind of replication position the nodes report; null until the first probe answered. */
    public PositionKind positionKind() {
        return freshness.positionKind();
    }

    /** The connections logical connections keep between statements. */
    KeptConnections keepers() {
        return keepers;
    }

    /** Every node currently part of the cluster. */
    public Node[] nodes() {
        return nodes;
    }

    /** The node writes go to; refuses when no node, or more than one, claims to be writable. */
    public Node primary() throws SQLException {
        return roles.primary();
    }

    /** The node rwsplit currently takes for the primary, whatever its state; null if none. No checks, no throw. */
    Node currentPrimary() {
        return roles.current();
    }

    /** The current primary for reads that fall back to it, even when writes are refused. */
    Node primaryForReads() throws SQLException {
        return roles.forReads();
    }

    /** Whether replicas' freshness is measured (false for test targets that do not replicate). */
    boolean measuresFreshness() {
        return config.vendor.replicates();
    }

    /** Whether a replica may serve reads at all right now (role, reachability, membership). */
    boolean replicaUsable(Node n) {
        return n.role() == NodeRole.REPLICA && n.isReachable() && !n.isRemoved() && n.breakerAllows();
    }

    /** The clock reading against which staleness is measured now ({@link ClusterFreshness#now}). */
    long freshnessNow() {
        return freshnessNow(System.nanoTime());
    }

    /** {@link #freshnessNow()} for a {@link System#nanoTime()} reading the caller took and uses for more. */
    long freshnessNow(long clockNow) {
        return freshness.now(roles.current(), clockNow);
    }

    /** Pins, unpins, replays and resets of this cluster's sessions. */
    SessionStateMetrics sessionMetrics() {
        return sessionMetrics;
    }

    void count(Reason reason) {
        byReason[reason.ordinal()].increment();
    }

    /** Statements routed with this reason since start. */
    public long routedWith(Reason reason) {
        return byReason[reason.ordinal()].sum();
    }

    /** Upper bound of each replica's staleness in milliseconds now ({@code -1} when unknown), by node address. */
    public Map<String, Long> replicaLagMillis() {
        return freshness.replicaLagMillis(nodes, freshnessNow());
    }

    /** Whether a replica is currently excluded from reads for staleness. */
    public boolean isExcludedForLag(Node n) {
        return freshness.isExcluded(n.id());
    }

    public void addLagListener(LagListener listener) {
        freshness.addLagListener(listener);
    }

    public void removeLagListener(LagListener listener) {
        freshness.removeLagListener(listener);
    }

    // ------------------------------------------------------------------ probes

    private void scheduleProbes() {
        probes.sweepEvery250ms(this::sweep);
        probes.every100ms(this::endHungStatements);
        synchronized (topologyLock) {
            for (Node n : nodes) {
                probes.start(n);
            }
        }
    }

    /** Every 250 ms: kept connections idle too long go back. */
    private void sweep() {
        try {
            keepers.sweep();
        } catch (RuntimeException e) {
            // A failed sweep must not cancel the next ones.
            log.warn("rwsplit: the sweep of kept connections failed", e);
        }
    }

    /** Every 100 ms: statements on a node that is hung ({@link NodeHealth#hungFor}) are ended. */
    private void endHungStatements() {
        long now = System.nanoTime();
        for (Node n : nodes) {
            n.endStatementsIfHung(now, config.hungAfterMillis * 1_000_000L);
        }
    }

    /** One probe of one node ({@link ProbeAnswers}); never throws. */
    void probe(Node n) {
        if (!closed && !n.isRemoved()) {
            answers.probe(n);
        }
    }

    /** Waits for the next probe outcome of any node, up to {@code deadlineNanos}; false when past it. */
    boolean awaitRoleReport(long deadlineNanos) {
        return roles.awaitReport(deadlineNanos);
    }

    /** Follows what the nodes report now (after a probe, or a node refusing a write as read-only). */
    void followRoles() {
        synchronized (topologyLock) {
            roles.follow(nodes);
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
            Node[] next = Arrays.copyOf(nodes, nodes.length + 1);
            next[next.length - 1] = added;
            nodes = next;
            if (!closed) {
                probes.startNow(added, next.length);
            }
            log.info("rwsplit: replica {} added", address);
            return true;
        }
    }

    /**
     * Removes a replica at run time ({@link #drain}); discovery does not add it back while it stays listed. Refuses
     * to remove the primary.
     */
    public boolean removeReplica(HostAndPort address) {
        boolean removed = drain(address);
        TopologyDiscovery d = discovery;
        if (removed && d != null) {
            d.removedByApplication(address);
        }
        return removed;
    }

    /**
     * Drains a replica: no new statement is routed to it from now on, statements and transactions running on it
     * finish, and its pool closes once none of its connections is in use (at the latest after
     * {@value #DRAIN_MILLIS} ms, when what is still running there is ended). Refuses to remove the primary.
     */
    boolean drain(HostAndPort address) {
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
            if (gone == roles.current()) {
                throw new IllegalArgumentException("node " + address + " is the primary; only replicas can be removed");
            }
            nodes = keep.toArray(new Node[0]);
            probes.stop(gone);
            gone.markRemoved();
            freshness.forget(gone.id());
            closeWhenIdle(gone);
            log.info("rwsplit: replica {} removed", address);
            return true;
        }
    }

    /** Longest a drained node's pool waits for the statements still running on it. */
    static final long DRAIN_MILLIS = 30_000;

    /** Closes a removed node's pool once none of its connections is in use, on a thread of its own. */
    private void closeWhenIdle(Node gone) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
            try {
                while (!closed && gone.poolActive() > 0 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gone.close();
        }, "rwsplit-" + id + "-drain-" + gone.id());
        t.setDaemon(true);
        t.start();
    }

    /** What discovery counted since start, by event; empty with {@code discovery=off}. */
    public Map<String, Long> discoveryCounts() {
        TopologyDiscovery d = discovery;
        return d == null ? Map.of() : d.counts();
    }

    /**
     * Borrows and returns one connection, to fail early on bad credentials or an unreachable cluster. A node that
     * refuses the configuration (wrong password, unknown user or database, TLS required: {@link ConnectRefusal})
     * fails the connect at once with the vendor's message and SQLState; unreachable nodes are tried in turn.
     */
    void verifyReachable() throws SQLException {
        SQLException first = null;
        for (Node n : nodes) {
            try {
                Connection c = n.pool().borrow();
                n.pool().release(c);
                return;
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                if (e instanceof NodeRefusedException) {
                    // The server answered and refused the configuration: no other node will make it right.
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
        return config.vendor.defaultIsolation();
    }

    /** The JMX name of this cluster's MBean, or null if it could not be registered. */
    public ObjectName mbeanName() {
        return mbeanName;
    }

    @Override
    public void close() {
        close(true);
    }

    /** Closes; the nodes' pools on a daemon thread unless {@code waitForPools}. */
    private void close(boolean waitForPools) {
        if (closed) {
            return;
        }
        closed = true;
        ClusterMXBeanImpl.unregister(mbeanName);
        if (discovery != null) {
            discovery.close();
        }
        probes.close();
        Node[] closing = nodes;
        Runnable closeNodes = () -> {
            for (Node n : closing) {
                n.close();
            }
        };
        if (waitForPools) {
            closeNodes.run();
        } else {
            Thread t = new Thread(closeNodes, "rwsplit-" + id + "-closing");
            t.setDaemon(true);
            t.start();
        }
        log.info("rwsplit stopped for {}", config.displayUrl());
    }
}
