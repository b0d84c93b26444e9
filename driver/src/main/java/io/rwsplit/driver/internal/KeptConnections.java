package io.rwsplit.driver.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of one cluster that keep the physical connection of their last autocommit statement for their next one
 * ({@link SessionConnections#finish}), and the ways such a connection goes back to its pool when its keeper does not
 * come back for it: after {@link #IDLE_MILLIS} idle ({@link #sweep}), at once when a borrower of that node would
 * otherwise wait for the pool ({@link #reclaimOne}; at the next sweep for one already waiting), and when the node is
 * retired ({@link #reclaimAll}). Each session decides about its own kept connection
 * ({@link SessionConnections#sweep} and friends), atomically against its own use of it.
 */
final class KeptConnections {
    /** How long an idle logical connection keeps the physical connection of its last statement. */
    static final long IDLE_MILLIS = 1000;
    /**
     * How long one physical connection may go from statement to statement without visiting its pool: its pool's
     * lifetime limit, leak detection and eviction see it back at least this often.
     */
    static final long MAX_KEEP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ConcurrentLinkedQueue<SessionConnections> keepers = new ConcurrentLinkedQueue<>();

    /** Registers a session that keeps a physical connection (once: it remembers that it is registered). */
    void track(SessionConnections c) {
        if (c.markRegistered()) {
            keepers.offer(c);
        }
    }

    /**
     * Gives back connections kept longer than {@link #IDLE_MILLIS}, and those kept after a read on a node whose pool
     * has borrowers waiting (one that came after its pool ran dry), and forgets keepers that keep nothing.
     */
    void sweep() {
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
        for (Iterator<SessionConnections> it = keepers.iterator(); it.hasNext(); ) {
            SessionConnections c = it.next();
            if (!c.keepsOne()) {
                it.remove();
                c.markUnregistered();
                // It kept one again between the read and the flag: register it again.
                if (c.keepsOne()) {
                    track(c);
                }
            } else {
                c.sweep(now, limit);
            }
        }
    }

    /**
     * Gives back one connection kept on {@code n} after a read, if any: a borrower of {@code n} found its pool without
     * an idle one. Connections kept after a write stay with their sessions until they idle out, for the functions
     * that read the session's last write ({@code LAST_INSERT_ID()}, {@code lastval()}).
     */
    boolean reclaimOne(Node n) {
        for (SessionConnections c : keepers) {
            if (c.reclaimFor(n)) {
                return true;
            }
        }
        return false;
    }

    /** Closes every connection kept on {@code n} (a node that died or changed role), in the pool's background. */
    void reclaimAll(Node n) {
        for (SessionConnections c : keepers) {
            c.reclaimRetired(n);
        }
    }
}
