package io.rwsplit.driver.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.rwsplit.consistency.internal.RwSplitLoggers;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One node's physical connections: its HikariCP pool, and the count of connections out of it, as statements
 * ({@link #outstanding()}) or kept by logical connections between statements ({@link #kept()}). Every borrow and
 * return of a node's connection goes through here; {@link SessionConnections} decides which one a session makes.
 *
 * <p>Two failures act on the whole pool. A connection found lost ({@link #lost}) means the others are probably
 * lost too (a proxy, a firewall or the server cut every session at once): the idle ones are closed and the busy
 * ones retired, so the next borrower gets a new connection, not another dead one. A hung node
 * ({@link #abortLent}) gets every connection lent out of this pool aborted, which ends the statements waiting on
 * them at once.
 */
final class NodePool {
    private final Node node;
    private final NodeHealth health;
    private final KeptConnections keepers;
    private final HikariDataSource pool;
    private final SlicedBorrow lender;
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Connections of this pool that logical connections keep between statements (idle, not outstanding). */
    private final AtomicInteger kept = new AtomicInteger();
    private final LongAdder borrows = new LongAdder();
    /** Every connection out of the pool now (running a statement, held, or kept by a session). */
    private final Set<Connection> lent = ConcurrentHashMap.newKeySet();
    /** {@link System#nanoTime()} of the last {@link #retireConnections()}; connections borrowed before are gone. */
    private final AtomicLong retiredAt = new AtomicLong(System.nanoTime());
    private final long primaryAcquireTimeoutMillis;
    private final long replicaAcquireTimeoutMillis;
    /** Whether this node's connections were made by {@link NodeSockets}, which can close them. */
    private final boolean socketsClosable;

    NodePool(Node node, NodeHealth health, ClusterConfig config, KeptConnections keepers) {
        this.node = node;
        this.health = health;
        this.keepers = keepers;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("rwsplit-" + node.id());
        String vendorUrl = config.vendorUrl(node.address());
        // HikariCP's own DriverDataSource, which also remembers a refused connect (SlicedBorrow ends a wait on it).
        NodeDataSource connector = new NodeDataSource(node.id(), vendorUrl, config.poolProperties, config.user,
                config.password);
        hc.setDataSource(connector);
        // Not used to connect with a DataSource set; HikariCP still reads it (a MySQL network timeout quirk).
        hc.setJdbcUrl(vendorUrl);
        if (config.user != null) {
            hc.setUsername(config.user);
        }
        if (config.password != null) {
            hc.setPassword(config.password);
        }
        hc.setMaximumPoolSize(config.poolMaxSize);
        hc.setMinimumIdle(config.poolMinIdle);
        hc.setConnectionTimeout(config.primaryAcquireTimeoutMillis);
        hc.setValidationTimeout(config.validationTimeoutMillis);
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        // The pool never evicts on an SQLState: NodeHealthRule decides whether a connection is lost.
        hc.setExceptionOverride(new NodeHealthRule.PoolOverride(health));
        this.pool = new HikariDataSource(hc);
        this.lender = new SlicedBorrow(pool, connector, node.id(), config.password);
        this.primaryAcquireTimeoutMillis = config.primaryAcquireTimeoutMillis;
        this.replicaAcquireTimeoutMillis = config.replicaAcquireTimeoutMillis;
        this.socketsClosable = NodeSockets.class.getName().equals(config.poolProperties.getProperty("socketFactory"));
    }

    /** Replicas wait briefly for a connection (a read can go elsewhere); the primary waits acquireTimeout. */
    void applyRoleTimeouts(NodeRole r) {
        pool.getHikariConfigMXBean().setConnectionTimeout(r == NodeRole.PRIMARY ? primaryAcquireTimeoutMillis
                : replicaAcquireTimeoutMillis);
    }

    /** Borrows a physical connection; counts it as outstanding until {@link #release(Connection)}. */
    Connection borrow() throws SQLException {
        if (kept.get() > 0) {
            // Idle logical connections keep this pool's connections: they go back rather than this borrower (and
            // those already waiting) waiting for them.
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            while (mx != null && mx.getIdleConnections() <= mx.getThreadsAwaitingConnection()
                    && keepers.reclaimOne(node)) {
                // one more given back
            }
        }
        outstanding.incrementAndGet();
        try {
            Connection c = lender.borrow();
            borrows.increment();
            lent.add(c);
            return c;
        } catch (SQLTransientConnectionException e) {
            outstanding.decrementAndGet();
            if (e.getCause() == null) {
                // HikariCP timed out with no connection failure behind it: the node is fine, its pool is busy.
                throw new PoolBusyException("rwsplit: every connection of the pool of " + node.id() + " (poolMaxSize)"
                        + " stayed in use for " + pool.getConnectionTimeout() + " ms", e);
            }
            if (NodeHealthRule.borrowFailureCounts(e)) {
                health.recordFailure(e);
            }
            throw e;
        } catch (SQLException e) {
            outstanding.decrementAndGet();
            if (NodeHealthRule.borrowFailureCounts(e)) {
                health.recordFailure(e);
            }
            throw e;
        } catch (RuntimeException e) {
            outstanding.decrementAndGet();
            throw e;
        }
    }

    /** A borrowed connection goes back (closed by the pool instead if it was found lost on return). */
    void release(Connection c) {
        outstanding.decrementAndGet();
        giveBack(c);
    }

    private void giveBack(Connection c) {
        lent.remove(c);
        if (health.lostOnReturn(c)) {
            pool.evictConnection(c);
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // Hikari evicts a connection it cannot reset; nothing for the caller to do.
        }
    }

    /**
     * Gives back a borrowed connection that carries session state nobody else may inherit (pinned: user variables,
     * temporary tables, locks), or that is lost: the pool closes it instead of lending it again.
     */
    void evict(Connection c) {
        outstanding.decrementAndGet();
        lent.remove(c);
        pool.evictConnection(c);
    }

    /**
     * A borrowed connection stays with its logical connection for that one's next statement: idle meanwhile, so
     * no longer outstanding. Returns false, and the caller gives it back, when borrowers wait for this pool
     * (unless {@code evenIfAwaited}).
     */
    boolean keep(boolean evenIfAwaited) {
        if (!evenIfAwaited && hasWaiters()) {
            return false;
        }
        kept.incrementAndGet();
        outstanding.decrementAndGet();
        return true;
    }

    /** A kept connection runs a statement again. */
    void reuseKept() {
        kept.decrementAndGet();
        outstanding.incrementAndGet();
    }

    /** A kept connection goes back to the pool. */
    void releaseKept(Connection c) {
        kept.decrementAndGet();
        giveBack(c);
    }

    /** A kept connection is closed by the pool, in the background (a retired or unreachable node). */
    void evictKept(Connection c) {
        kept.decrementAndGet();
        lent.remove(c);
        pool.evictConnection(c);
    }

    /**
     * Closes idle pooled connections and retires busy ones when they come back (a demoted or dead node); connections
     * that logical connections keep go back (and so are retired) at once.
     */
    void retireConnections() {
        retiredAt.set(System.nanoTime());
        keepers.reclaimAll(node);
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections();
        }
    }

    /**
     * A connection borrowed at {@code borrowedAt} was found lost: unless the pool was retired since (this connection
     * is one the retirement already covered), the pool is retired now, so the next borrower gets a new connection.
     */
    void lost(long borrowedAt) {
        long retired = retiredAt.get();
        if (borrowedAt - retired > 0 && retiredAt.compareAndSet(retired, System.nanoTime())) {
            RwSplitLoggers.get(NodePool.class).info("rwsplit: a connection to {} was lost; its idle connections are"
                    + " replaced, as they are probably lost too", node.id());
            retireConnections();
        }
    }

    /**
     * The node is hung: every connection lent out of this pool is aborted (its socket closed), so the statements
     * waiting on it fail at once with a connection error; then the pool is retired. Returns how many were aborted.
     */
    int abortLent() {
        int aborted = 0;
        if (socketsClosable) {
            // Connector/J's abort would wait for the node; closing the sockets does not (NodeSockets).
            aborted = NodeSockets.closeAll(node.address());
            retireConnections();
            return aborted;
        }
        for (Connection c : lent) {
            // Each on a thread of its own: a vendor's abort may first try to reach the node (Connector/J sends KILL
            // over a new connection, up to its connectTimeout), and they must not wait for one another.
            ABORTS.execute(() -> {
                try {
                    c.abort(Runnable::run);
                } catch (SQLException | RuntimeException e) {
                    // Closed already, or the driver cannot abort: the statement ends when the node answers.
                }
            });
            aborted++;
        }
        retireConnections();
        return aborted;
    }

    /** Runs aborts: daemon threads, made when needed and gone after a minute idle. */
    private static final java.util.concurrent.ExecutorService ABORTS = new java.util.concurrent.ThreadPoolExecutor(0,
            Integer.MAX_VALUE, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
            r -> {
                Thread t = new Thread(r, "rwsplit-abort");
                t.setDaemon(true);
                return t;
            });

    /** Whether borrowers wait for this pool. */
    boolean hasWaiters() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx != null && mx.getThreadsAwaitingConnection() > 0;
    }

    int outstanding() {
        return outstanding.get();
    }

    int kept() {
        return kept.get();
    }

    long borrows() {
        return borrows.sum();
    }

    int active() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    int idle() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getIdleConnections();
    }

    void close() {
        pool.close();
    }

    /**
     * The pool of a node timed out lending a connection while the node itself answered: not a failure of the node
     * (its circuit breaker does not count it), but the statement was not sent, so a read may go elsewhere.
     */
    static final class PoolBusyException extends SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        PoolBusyException(String message, SQLException cause) {
            super(message, Errors.UNABLE_TO_CONNECT, cause);
        }
    }
}
