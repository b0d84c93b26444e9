package io.rwsplit.driver.internal;

import io.rwsplit.routing.LeaseKind;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.balance.PeakEwma;

import java.util.concurrent.atomic.LongAdder;

/**
 * One database server as routing sees it: its address, role and weight, how fast it answers, and what was routed to
 * it. Its physical connections are its {@link #pool()}; what its answers say about it (reachable, writable, the
 * circuit breaker) is its {@link #health()}.
 */
public final class Node {
    private static final int REASONS = Reason.values().length;
    private static final int LEASE_KINDS = LeaseKind.values().length;

    private final HostAndPort address;
    private final String id;
    private final NodeHealth health;
    private final NodePool pool;
    final NodeProber prober;
    /** How long statements take here: what least-outstanding weighs outstanding statements by. */
    private final PeakEwma latency = new PeakEwma();
    private final LongAdder[] byReason = new LongAdder[REASONS];
    /** The routes to this node, made once each ({@link #route}): routing a statement allocates nothing. */
    private final Route[] routes = new Route[REASONS * LEASE_KINDS];
    private volatile NodeRole role;
    private volatile int weight;
    private volatile boolean removed;

    Node(HostAndPort address, ClusterConfig config, NodeRole initialRole, int weight, KeptConnections keepers) {
        this.address = address;
        this.id = address.toString();
        this.role = initialRole;
        this.weight = weight;
        for (int i = 0; i < byReason.length; i++) {
            byReason[i] = new LongAdder();
        }
        this.health = new NodeHealth(id, config.breakerOpenMillis);
        this.pool = new NodePool(this, health, config, keepers);
        this.prober = new NodeProber(config, address, config.probeTimeoutMillis);
        pool.applyRoleTimeouts(initialRole);
    }

    public String id() {
        return id;
    }

    public HostAndPort address() {
        return address;
    }

    NodeHealth health() {
        return health;
    }

    NodePool pool() {
        return pool;
    }

    public NodeRole role() {
        return role;
    }

    void role(NodeRole role) {
        if (this.role != role) {
            this.role = role;
            pool.applyRoleTimeouts(role);
            // A primary's statement times (writes, lock waits) or an outage's failures say nothing about how fast
            // it answers reads now: it starts unknown, so it gets a read at once and is measured again.
            latency.reset();
        }
    }

    public int weight() {
        return weight;
    }

    boolean isRemoved() {
        return removed;
    }

    // ------------------------------------------------------------------ probes

    /** The node answered a probe; true when it was unreachable before (for logging transitions once). */
    boolean probeSucceeded(boolean writable) {
        boolean changed = health.probeSucceeded(writable);
        if (changed) {
            // Measured before an outage: says nothing about now.
            latency.reset();
        }
        return changed;
    }

    /** The node did not answer a probe; true when it was reachable before. */
    boolean probeFailed(String error) {
        return health.probeFailed(error);
    }

    /**
     * A statement, commit, rollback or session-state call on {@code c} (borrowed at {@code borrowedAt}) failed with
     * {@code e}: true when {@code c} is lost ({@link NodeHealth#failedOn}); then its neighbours in the pool, which
     * are probably lost too, are replaced ({@link NodePool#lost}).
     */
    boolean lost(java.sql.Connection c, java.sql.SQLException e, long borrowedAt) {
        if (health.failedOn(c, e)) {
            pool.lost(borrowedAt);
            return true;
        }
        return false;
    }

    /**
     * If the node is hung as of {@code nowNanos} ({@link NodeHealth#hungFor}), ends the statements running on it
     * ({@link NodePool#abortLent}) and says so; never throws (the hung-node check must go on).
     */
    void endStatementsIfHung(long nowNanos, long hungAfterNanos) {
        try {
            if (health.hungFor(nowNanos, hungAfterNanos)) {
                int ended = pool.abortLent();
                LOG.warn("rwsplit: node {} answered nothing for {} ms (hung or cut off); {} of its connections in use"
                        + " are being aborted, so the statements on them end now", id, health.silentMillis(nowNanos),
                        ended);
            }
        } catch (RuntimeException e) {
            LOG.warn("rwsplit: ending the statements of node {} failed", id, e);
        }
    }

    private static final org.slf4j.Logger LOG = io.rwsplit.consistency.internal.RwSplitLoggers.get(Node.class);

    // ------------------------------------------------------------------ latency and counters

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

    /** The route to this node for a reason and lease kind (interned; a race makes an equal one, harmlessly). */
    Route route(Reason r, LeaseKind k) {
        int i = r.ordinal() * LEASE_KINDS + k.ordinal();
        Route route = routes[i];
        if (route == null) {
            route = new Route(this, r, k);
            routes[i] = route;
        }
        return route;
    }

    void countRoute(Reason r) {
        byReason[r.ordinal()].increment();
    }

    /** Statements routed to this node with this reason since start. */
    public long routedWith(Reason r) {
        return byReason[r.ordinal()].sum();
    }

    /** Statements routed here since start (the sum of {@link #routedWith} over the reasons). */
    public long statements() {
        long sum = 0;
        for (LongAdder a : byReason) {
            sum += a.sum();
        }
        return sum;
    }

    // ------------------------------------------------------------------ figures for metrics and tests

    public boolean isReachable() {
        return health.isReachable();
    }

    /** True or false as the node reported at its last probe; null if it never answered one. */
    public Boolean reportsWritable() {
        return health.reportsWritable();
    }

    /** Whether the breaker lets statements use this node. */
    public boolean breakerAllows() {
        return health.breakerAllows();
    }

    public String breakerState() {
        return health.breakerState();
    }

    /** Statements running here now. */
    public int outstanding() {
        return pool.outstanding();
    }

    /** Connections of this pool kept by logical connections between statements. */
    public int kept() {
        return pool.kept();
    }

    /** Physical connections borrowed from this node's pool since start (kept ones reused are not borrowed). */
    public long borrows() {
        return pool.borrows();
    }

    /** Physical connections of this node's pool in use and idle. */
    public int poolActive() {
        return pool.active();
    }

    public int poolIdle() {
        return pool.idle();
    }

    /** Leaves the cluster: nothing new is routed here from now on; statements running here go on. */
    void markRemoved() {
        removed = true;
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
