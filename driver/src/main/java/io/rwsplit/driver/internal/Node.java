package io.rwsplit.driver.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.rwsplit.routing.balance.PeakEwma;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** One database server: its pool of physical connections, its role and its load. */
public final class Node {
    private final HostAndPort address;
    private final String id;
    private final HikariDataSource pool;
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Connections of this pool that logical connections keep between statements (idle, not outstanding). */
    private final AtomicInteger kept = new AtomicInteger();
    private final LongAdder borrows = new LongAdder();
    private final KeptConnections keepers;
    /** How long statements take here: what least-outstanding weighs outstanding statements by. */
    private final PeakEwma latency = new PeakEwma();
    private final LongAdder[] byReason = newCounters();
    /** The routes to this node, made once each ({@link #route}): routing a statement allocates nothing. */
    private final Route[] routes = new Route[REASONS * LEASE_KINDS];
    private static final int REASONS = io.rwsplit.routing.Reason.values().length;
    private static final int LEASE_KINDS = io.rwsplit.routing.LeaseKind.values().length;
    private volatile NodeRole role;
    private volatile int weight;
    private volatile boolean removed;
    /** Whether the last probe reached the node. */
    private volatile boolean reachable = true;
    /** What the node said at its last successful probe: writable (a primary) or read-only; null before. */
    private volatile Boolean reportsWritable;
    private volatile String lastProbeError;
    final NodeProber prober;
    /**
     * Fed by {@link NodeHealthRule} only: it counts a failure when the node itself did not answer (its pool could not
     * open a connection, a probe could not reach it, or a statement's connection-class error left a connection that
     * fails the liveness check). An SQL error on a connection that still answers, of any class (08P01 included),
     * is the node answering and never counts.
     */
    private final CircuitBreaker breaker;
    /**
     * Until this {@link System#nanoTime()} reading (0: not set), connections given back are checked first: a
     * connection-class error was raised on one of them where the driver could not judge it.
     */
    private final java.util.concurrent.atomic.AtomicLong checkReturnsUntil = new java.util.concurrent.atomic.AtomicLong();
    private final long primaryAcquireTimeoutMillis;
    private final long replicaAcquireTimeoutMillis;

    Node(HostAndPort address, ClusterConfig config, NodeRole initialRole, int weight, KeptConnections keepers) {
        this.address = address;
        this.keepers = keepers;
        this.id = address.toString();
        this.role = initialRole;
        this.weight = weight;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("rwsplit-" + id);
        hc.setJdbcUrl(config.vendorUrl(address));
        if (config.user != null) {
            hc.setUsername(config.user);
        }
        if (config.password != null) {
            hc.setPassword(config.password);
        }
        hc.setDataSourceProperties(config.passThroughProperties);
        hc.setMaximumPoolSize(config.poolMaxSize);
        hc.setMinimumIdle(config.poolMinIdle);
        hc.setConnectionTimeout(config.primaryAcquireTimeoutMillis);
        hc.setValidationTimeout(config.validationTimeoutMillis);
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        // The pool never evicts on an SQLState: NodeHealthRule decides whether a connection is lost.
        hc.setExceptionOverride(new NodeHealthRule.PoolOverride(this));
        this.pool = new HikariDataSource(hc);
        this.prober = new NodeProber(config, address, config.probeTimeoutMillis);
        this.primaryAcquireTimeoutMillis = config.primaryAcquireTimeoutMillis;
        this.replicaAcquireTimeoutMillis = config.replicaAcquireTimeoutMillis;
        // Only failures are recorded while closed (a time window forgets old ones), so three connection
        // failures within five seconds open it; after a pause it lets statements try the node again.
        this.breaker = CircuitBreaker.of("rwsplit-" + id, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMillis(config.breakerOpenMillis))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
        applyRoleTimeouts(initialRole);
    }

    /** Replicas wait briefly for a connection (a read can go elsewhere); the primary waits acquireTimeout. */
    void applyRoleTimeouts(NodeRole r) {
        pool.getHikariConfigMXBean().setConnectionTimeout(r == NodeRole.PRIMARY ? primaryAcquireTimeoutMillis
                : replicaAcquireTimeoutMillis);
    }

    /** Whether the breaker lets statements use this node. */
    public boolean breakerAllows() {
        CircuitBreaker.State s = breaker.getState();
        return s != CircuitBreaker.State.OPEN && s != CircuitBreaker.State.FORCED_OPEN;
    }

    public String breakerState() {
        return breaker.getState().name();
    }

    /** A statement ran (successfully, or failing with an SQL error on a connection that still answers). */
    void recordSuccess() {
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    /** The node did not answer (see {@link NodeHealthRule}): only its callers decide that. */
    void recordFailure(Throwable e) {
        breaker.onError(0, TimeUnit.NANOSECONDS, e);
    }

    /**
     * Judges, by {@link NodeHealthRule}, a statement (commit, rollback, session-state call) that failed with
     * {@code e} on this node's connection {@code c}, and feeds the breaker: true when the connection is lost (the
     * caller evicts it and gives up what it carried), false when the node answered (the caller keeps it).
     */
    boolean failedOn(Connection c, SQLException e) {
        if (NodeHealthRule.connectionLost(e, c)) {
            recordFailure(e);
            return true;
        }
        recordSuccess();
        return false;
    }

    /** For the next few seconds, connections given back are checked before the pool lends them again. */
    void suspectConnections() {
        checkReturnsUntil.set(System.nanoTime() + SUSPECT_NANOS);
    }

    private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Whether a connection coming back from a statement is lost: checked only within a few seconds of a
     * connection-class error on this node ({@link #suspectConnections()}); otherwise one volatile read.
     */
    boolean lostOnReturn(Connection c) {
        long until = checkReturnsUntil.get();
        if (until == 0L) {
            return false;
        }
        if (System.nanoTime() - until > 0) {
            checkReturnsUntil.compareAndSet(until, 0L);
            return false;
        }
        return !NodeHealthRule.answers(c);
    }

    public String id() {
        return id;
    }

    public HostAndPort address() {
        return address;
    }

    public NodeRole role() {
        return role;
    }

    void role(NodeRole role) {
        if (this.role != role) {
            this.role = role;
            applyRoleTimeouts(role);
            // A primary's statement times (writes, lock waits) or an outage's failures say nothing about how fast
            // it answers reads now: it starts unknown, so it gets a read at once and is measured again.
            latency.reset();
        }
    }

    public int weight() {
        return weight;
    }

    public int outstanding() {
        return outstanding.get();
    }

    /** Statements routed here since start (the sum of {@link #routedWith} over the reasons). */
    public long statements() {
        long sum = 0;
        for (LongAdder a : byReason) {
            sum += a.sum();
        }
        return sum;
    }

    /**
     * Records how long one statement execution took here (the execute call on the physical statement, failed or
     * not; never how long a connection was held).
     */
    void recordExecution(long startNanos, long endNanos) {
        latency.observe(endNanos - startNanos, endNanos);
    }

    /** This node's latency estimate as of {@code nowNanos} ({@link System#nanoTime()}); 0 when nothing is known. */
    public long latencyNanos(long nowNanos) {
        return latency.estimateNanos(nowNanos);
    }

    boolean isRemoved() {
        return removed;
    }

    public boolean isReachable() {
        return reachable;
    }

    /** True or false as the node reported at its last probe; null if it never answered one. */
    public Boolean reportsWritable() {
        return reportsWritable;
    }

    /** Returns true when this probe changed reachability (for logging transitions once). */
    boolean probeSucceeded(boolean writable) {
        boolean changed = !reachable;
        if (changed) {
            latency.reset();
        }
        reachable = true;
        reportsWritable = writable;
        lastProbeError = null;
        return changed;
    }

    boolean probeFailed(String error) {
        boolean changed = reachable;
        reachable = false;
        lastProbeError = error;
        return changed;
    }

    /** The node answered but the probe query failed: reachability unchanged. */
    void probeError(String error) {
        lastProbeError = error;
    }

    String lastProbeError() {
        return lastProbeError;
    }

    /**
     * Closes idle pooled connections and retires busy ones when they come back (a demoted or dead node); connections
     * that logical connections keep go back (and so are retired) at once.
     */
    void retireConnections() {
        keepers.reclaimAll(this);
        com.zaxxer.hikari.HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections();
        }
    }

    /** Borrows a physical connection; counts it as outstanding until {@link #release(Connection)}. */
    Connection borrow() throws SQLException {
        if (kept.get() > 0) {
            // Idle logical connections keep this pool's connections: they go back rather than this borrower (and
            // those already waiting) waiting for them.
            com.zaxxer.hikari.HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            while (mx != null && mx.getIdleConnections() <= mx.getThreadsAwaitingConnection()
                    && keepers.reclaimOne(this)) {
                // one more given back
            }
        }
        outstanding.incrementAndGet();
        try {
            Connection c = pool.getConnection();
            borrows.increment();
            return c;
        } catch (java.sql.SQLTransientConnectionException e) {
            outstanding.decrementAndGet();
            if (e.getCause() == null) {
                // HikariCP timed out with no connection failure behind it: the node is fine, its pool is busy.
                throw new PoolBusyException("rwsplit: every connection of the pool of " + id + " (poolMaxSize) stayed"
                        + " in use for " + pool.getConnectionTimeout() + " ms", e);
            }
            if (NodeHealthRule.borrowFailureCounts(e)) {
                recordFailure(e);
            }
            throw e;
        } catch (SQLException e) {
            outstanding.decrementAndGet();
            if (NodeHealthRule.borrowFailureCounts(e)) {
                recordFailure(e);
            }
            throw e;
        } catch (RuntimeException e) {
            outstanding.decrementAndGet();
            throw e;
        }
    }

    void release(Connection c) {
        outstanding.decrementAndGet();
        giveBack(c);
    }

    private void giveBack(Connection c) {
        if (lostOnReturn(c)) {
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
        pool.evictConnection(c);
    }

    /** Whether borrowers wait for this node's pool. */
    boolean hasWaiters() {
        com.zaxxer.hikari.HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx != null && mx.getThreadsAwaitingConnection() > 0;
    }

    /**
     * The pool of a node timed out lending a connection while the node itself answered: not a failure of the node
     * (its circuit breaker does not count it), but the statement was not sent, so a read may go elsewhere.
     */
    static final class PoolBusyException extends java.sql.SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        PoolBusyException(String message, SQLException cause) {
            super(message, Errors.UNABLE_TO_CONNECT, cause);
        }
    }

    /** Physical connections borrowed from this node's pool since start (kept ones reused are not borrowed). */
    public long borrows() {
        return borrows.sum();
    }

    /** Connections of this pool kept by logical connections between statements. */
    public int kept() {
        return kept.get();
    }

    /**
     * Gives back a connection that carries session state nobody else may inherit (pinned: user variables,
     * temporary tables, locks): the pool closes it instead of lending it again.
     */
    void evict(Connection c) {
        outstanding.decrementAndGet();
        pool.evictConnection(c);
    }

    private static LongAdder[] newCounters() {
        LongAdder[] a = new LongAdder[io.rwsplit.routing.Reason.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** The route to this node for a reason and lease kind (interned; a race makes an equal one, harmlessly). */
    Route route(io.rwsplit.routing.Reason r, io.rwsplit.routing.LeaseKind k) {
        int i = r.ordinal() * LEASE_KINDS + k.ordinal();
        Route route = routes[i];
        if (route == null) {
            route = new Route(this, r, k);
            routes[i] = route;
        }
        return route;
    }

    void countRoute(io.rwsplit.routing.Reason r) {
        byReason[r.ordinal()].increment();
    }

    /** Statements routed to this node with this reason since start. */
    public long routedWith(io.rwsplit.routing.Reason r) {
        return byReason[r.ordinal()].sum();
    }

    /** Physical connections of this node's pool in use and idle. */
    public int poolActive() {
        com.zaxxer.hikari.HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    public int poolIdle() {
        com.zaxxer.hikari.HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getIdleConnections();
    }

    HikariDataSource pool() {
        return pool;
    }

    void close() {
        removed = true;
        prober.close();
        pool.close();
    }

    @Override
    public String toString() {
        return id + "(" + role + ")";
    }
}
