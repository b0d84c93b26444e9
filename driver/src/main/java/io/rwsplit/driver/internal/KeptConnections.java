package io.rwsplit.driver.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The logical connections of one cluster that keep the physical connection of their last autocommit statement for
 * their next one ({@link LogicalConnection#keep}), and the ways such a connection goes back to its pool when its
 * keeper does not come back for it: after {@link #IDLE_MILLIS} idle ({@link #sweep}), at once when a borrower of
 * that node would otherwise wait for the pool ({@link #reclaimOne}; at the next sweep for one already waiting), and
 * when the node is retired ({@link #reclaimAll}).
 *
 * <p>A keeper takes its connection back with one atomic swap of its {@link LogicalConnection#kept} reference, and
 * the sweeper or a reclaiming borrower takes it with a compare-and-set of the same reference: whoever wins gives
 * it back, exactly once.
 */
final class KeptConnections {
    /** How long an idle logical connection keeps the physical connection of its last statement. */
    static final long IDLE_MILLIS = 1000;
    /**
     * How long one physical connection may go from statement to statement without visiting its pool: its pool's
     * lifetime limit, leak detection and eviction see it back at least this often.
     */
    static final long MAX_KEEP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ConcurrentLinkedQueue<LogicalConnection> keepers = new ConcurrentLinkedQueue<>();

    /** Registers a logical connection that keeps a physical one (once: its flag says it is registered). */
    void track(LogicalConnection c) {
        if (!c.keeperRegistered.get() && c.keeperRegistered.compareAndSet(false, true)) {
            keepers.offer(c);
        }
    }

    /**
     * Gives back connections kept longer than {@link #IDLE_MILLIS}, and those kept after a read on a node whose pool
     * has borrowers waiting (one that came after its pool ran dry), and forgets keepers that keep nothing. A node
     * that stopped answering probes gets its connections closed in the background, not reset on this thread.
     */
    void sweep() {
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
        for (Iterator<LogicalConnection> it = keepers.iterator(); it.hasNext(); ) {
            LogicalConnection c = it.next();
            LogicalConnection.Kept k = c.kept.get();
            if (k == null) {
                it.remove();
                c.keeperRegistered.set(false);
                // It kept one again between the read and the flag: register it again.
                if (c.kept.get() != null) {
                    track(c);
                }
            } else if ((now - k.since() > limit || (!k.afterWrite() && k.node().hasWaiters()))
                    && c.kept.compareAndSet(k, null)) {
                Node n = k.node();
                if (n.isReachable()) {
                    n.releaseKept(k.connection());
                } else {
                    n.evictKept(k.connection());
                }
            }
        }
    }

    /**
     * Gives back one connection kept on {@code n} after a read, if any: a borrower of {@code n} found its pool without
     * an idle one. Connections kept after a write stay with their sessions until they idle out, for the functions
     * that read the session's last write ({@code LAST_INSERT_ID()}, {@code lastval()}).
     */
    boolean reclaimOne(Node n) {
        for (LogicalConnection c : keepers) {
            LogicalConnection.Kept k = c.kept.get();
            if (k != null && k.node() == n && !k.afterWrite() && c.kept.compareAndSet(k, null)) {
                n.releaseKept(k.connection());
                return true;
            }
        }
        return false;
    }

    /** Closes every connection kept on {@code n} (a node that died or changed role), in the pool's background. */
    void reclaimAll(Node n) {
        for (LogicalConnection c : keepers) {
            LogicalConnection.Kept k = c.kept.get();
            if (k != null && k.node() == n && c.kept.compareAndSet(k, null)) {
                n.evictKept(k.connection());
            }
        }
    }
}
