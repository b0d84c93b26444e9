package io.rwsplit.driver.internal;

import io.rwsplit.routing.LoadBalancer;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.StatementClassifier;
import io.rwsplit.routing.balance.LoadBalancers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything logical connections of one configuration share: the nodes and their pools, the classifier and its
 * cache, the load balancer and the routing counters.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    private final ClusterConfig config;
    private final StatementClassifier classifier;
    private final LoadBalancer balancer;
    private final LongAdder[] byReason = new LongAdder[Reason.values().length];
    private final Object topologyLock = new Object();
    private volatile Node[] nodes;
    private volatile Node primary;
    private volatile boolean closed;

    /**
     * Creates the cluster and checks that at least one node accepts the credentials, so that a bad password or an
     * unreachable cluster fails at connect time rather than at the first statement.
     */
    public static Cluster start(ClusterConfig config) throws SQLException {
        Cluster c = new Cluster(config);
        try {
            c.verifyReachable();
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The isolation level a connection has when the application set none (the server's usual default). */
    int defaultIsolation() {
        return config.vendor.isPostgres() ? Connection.TRANSACTION_READ_COMMITTED
                : Connection.TRANSACTION_REPEATABLE_READ;
    }

    Cluster(ClusterConfig config) {
        this.config = config;
        this.classifier = new StatementClassifier(config.vendor.dialect(), config.criticalTables,
                config.classificationCacheSize);
        this.balancer = LoadBalancers.named(config.loadBalance);
        for (int i = 0; i < byReason.length; i++) {
            byReason[i] = new LongAdder();
        }
        List<HostAndPort> hosts = config.hosts;
        Node[] n = new Node[hosts.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = new Node(hosts.get(i), config, i == 0 ? NodeRole.PRIMARY : NodeRole.REPLICA,
                    i == 0 ? 1 : config.replicaWeight(i - 1));
        }
        this.nodes = n;
        this.primary = n[0];
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

    /** Every node currently part of the cluster. */
    public Node[] nodes() {
        return nodes;
    }

    /** The node writes go to. */
    public Node primary() throws SQLException {
        Node p = primary;
        if (p == null) {
            throw new SQLException("rwsplit knows no primary for " + config.displayUrl()
                    + ": writes cannot run until a node reports itself writable", Errors.UNABLE_TO_CONNECT);
        }
        return p;
    }

    /** Whether a replica may serve reads at all right now (role, membership). */
    boolean replicaUsable(Node n) {
        return n.role() == NodeRole.REPLICA && !n.isRemoved();
    }

    void count(Reason reason) {
        byReason[reason.ordinal()].increment();
    }

    /** Statements routed with this reason since start. */
    public long routedWith(Reason reason) {
        return byReason[reason.ordinal()].sum();
    }

    /** Adds a replica at run time; returns false if a node with that address is already present. */
    public boolean addReplica(HostAndPort address, int weight) {
        synchronized (topologyLock) {
            for (Node n : nodes) {
                if (n.address().equals(address)) {
                    return false;
                }
            }
            Node[] next = java.util.Arrays.copyOf(nodes, nodes.length + 1);
            next[next.length - 1] = new Node(address, config, NodeRole.REPLICA, weight);
            nodes = next;
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
            gone.close();
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

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Node n : nodes) {
            n.close();
        }
        log.info("rwsplit stopped for {}", config.displayUrl());
    }
}
