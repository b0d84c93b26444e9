package io.rwsplit.driver.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every physical connection of one logical connection, and the one sequence by which they are obtained and given
 * back. For the session, a physical connection is in one of these places, and moves only so:
 *
 * <pre>
 *   pool ─── forStatement ──▶ STATEMENT   borrowed, the session state applied
 *   KEPT ─── forStatement ──▶ STATEMENT   the next statement goes to the same node: it skips the pool
 *   STATEMENT ── finish ────▶ KEPT        a successful autocommit execution, session state unchanged since the
 *                                          lease, no borrower waiting (after a read or a second write in a row),
 *                                          under 5 s since the borrow
 *   STATEMENT ── finish ────▶ pool        otherwise; evicted if the connection is lost
 *   STATEMENT ── adopt ─────▶ HELD        the statement pinned the session to the primary
 *   pool, KEPT ── hold ─────▶ HELD        a transaction opens
 *   KEPT ───────────────────▶ pool        the next statement goes elsewhere, session state changes, close; the
 *                                          sweeper: idle 1 s, a borrower waiting (after a read), a retired node
 *   HELD ─── releaseHeld ───▶ pool        the transaction ends (unless pinned); close (evicted if pinned: its state
 *                                          is nobody else's); the connection is lost (evicted)
 *   HELD, KEPT, pool ── lend ──▶ LENT ── giveBackLent ──▶ where it came from   metadata, LOB factories, tokens
 * </pre>
 *
 * Single-threaded like the logical connection, except the kept slot: a keeper takes its connection back with one
 * atomic swap, and {@link KeptConnections} (the sweeper, a reclaiming borrower) with a compare-and-set of the same
 * reference; whoever wins gives it back, exactly once. A kept lease is never changed after it is published, so the
 * sweeper's decision rests on what it read.
 */
final class SessionConnections {
    private final SessionState state;
    private final KeptConnections keepers;
    /** The replayed session statements every connection this session uses is brought up to. */
    private final SessionHistory history;
    private final Vendor vendor;
    private final SessionStateMetrics metrics;
    /** The connection held for a transaction or a pin, or null. */
    private Lease held;
    /**
     * The connection of the last autocommit statement, kept for the next one in case it goes to the same node: it
     * then skips the pool. After a write it also lets {@code LAST_INSERT_ID()}, {@code currval}, {@code lastval} and
     * friends see the session that ran the write.
     */
    private final AtomicReference<Lease> kept = new AtomicReference<>();
    private final AtomicBoolean registered = new AtomicBoolean();
    private boolean closed;

    SessionConnections(SessionState state, KeptConnections keepers, SessionHistory history, Vendor vendor,
                       SessionStateMetrics metrics) {
        this.state = state;
        this.keepers = keepers;
        this.history = history;
        this.vendor = vendor;
        this.metrics = metrics;
    }

    // ------------------------------------------------------------------ statements

    /**
     * A connection on {@code node} for one statement: the kept one if it is there (the pool skipped), else one
     * borrowed with the session state applied; the kept one goes back first when it is elsewhere, since it may be
     * what other borrowers wait for.
     */
    Lease forStatement(Node node) throws SQLException {
        return obtain(node, false);
    }

    /** A statement uses the held connection: a kept one goes back (the session's next autocommit statement is later). */
    Lease useHeld() {
        giveBackKept();
        return held;
    }

    /** Holds a connection on {@code node} for a transaction, from the kept one or the pool. */
    Lease hold(Node node) throws SQLException {
        held = obtain(node, true);
        return held;
    }

    /** The sequence, written once: reuse the kept connection or give it back and borrow; apply state; back on failure. */
    private Lease obtain(Node node, boolean forHold) throws SQLException {
        Lease k = kept.get() == null ? null : kept.getAndSet(null);
        boolean reuse = k != null && k.node == node;
        Connection c;
        long borrowedAt;
        // A kept connection carries the whole history already: a change to it gives the kept one back.
        boolean replayed = reuse && k.replayed();
        if (reuse) {
            node.pool().reuseKept();
            c = k.connection;
            borrowedAt = k.borrowedAt;
        } else {
            if (k != null) {
                toPool(k, true);
            }
            c = node.pool().borrow();
            borrowedAt = System.nanoTime();
        }
        // A kept connection has the session's state already (a change would have given it back), but not autocommit off.
        boolean replay = !replayed && !history.isEmpty();
        if (forHold || !reuse || replay) {
            try {
                if (forHold || !reuse) {
                    state.applyTo(c, forHold);
                }
                if (replay) {
                    // One round trip: the whole history in one statement (SessionHistory).
                    replayed = true;
                    history.replayOn(c);
                }
            } catch (SQLException e) {
                // Lost: the pool closes it; half replayed: closed too; else it goes back and the pool resets it.
                if (node.lost(c, e, borrowedAt) || replayed) {
                    node.pool().evict(c);
                } else {
                    node.pool().release(c);
                }
                throw e;
            }
        }
        Lease.Source source = forHold ? Lease.Source.HELD : reuse ? Lease.Source.KEPT : Lease.Source.BORROWED;
        Lease lease = new Lease(node, c, source, borrowedAt);
        if (replayed) {
            lease.replayed(true);
        }
        return lease;
    }

    /**
     * A session statement recorded in the history ran on {@code l}: that connection is up to the history now; a kept
     * one is not (it goes back), and leases obtained before cannot be kept (the session state version moves).
     */
    void recorded(Lease l) {
        l.replayed(!history.isEmpty());
        state.changed();
        giveBackKept();
    }

    /**
     * A connection of this session goes back to its pool: reset first when it carries replayed state (closed instead
     * when that is not possible), so that no other session inherits it.
     */
    private void toPool(Lease l, boolean wasKept) {
        NodePool pool = l.node.pool();
        if (l.replayed() && !reset(l.connection, false)) {
            if (wasKept) {
                pool.evictKept(l.connection);
            } else {
                pool.evict(l.connection);
            }
            return;
        }
        if (wasKept) {
            pool.releaseKept(l.connection);
        } else {
            pool.release(l.connection);
        }
    }

    /** Resets a connection's session state ({@link SessionReset}); false when it could not be (evict it). */
    boolean reset(Connection c, boolean pinned) {
        try {
            boolean done = SessionReset.reset(c, vendor, pinned);
            if (done) {
                metrics.reset();
            }
            return done;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Ends a statement's lease: kept for the session's next statement after a successful autocommit execution
     * ({@link Lease#succeeded}), unless borrowers wait for its pool (after a read, or after a write on a connection
     * that was already kept: a session writing in a loop lets waiters in every other statement), session state
     * changed since it was obtained (under {@code stateVersion}, {@link SessionState#version}), it went without
     * visiting its pool for {@link KeptConnections#MAX_KEEP_NANOS}, or the session is closed; else back to the pool. A
     * held lease stays held.
     */
    void finish(Lease l, int stateVersion) {
        if (l.isHeld()) {
            return;
        }
        if (!l.keepable()) {
            release(l);
            return;
        }
        Node node = l.node;
        if (node.health().lostOnReturn(l.connection)) {
            // A connection-class error on it that no statement judged (while reading results): not kept.
            evict(l);
            return;
        }
        // After a write the connection stays even if others wait for its pool (LAST_INSERT_ID() and friends come
        // next), but not twice in a row.
        if (closed || stateVersion != state.version() || l.keptSince() - l.borrowedAt > KeptConnections.MAX_KEEP_NANOS
                || !node.pool().keep(l.keptAfterWrite() && l.source() != Lease.Source.KEPT)) {
            release(l);
            return;
        }
        l.markKept();
        store(l);
    }

    /** Ends a statement's lease: back to the pool (a held one stays held). */
    void release(Lease l) {
        if (!l.isHeld()) {
            l.markEnded();
            toPool(l, false);
        }
    }

    /** Ends a statement's lease on a lost connection: the pool closes it (a held one ends with its transaction). */
    void evict(Lease l) {
        if (!l.isHeld()) {
            l.markEnded();
            l.node.pool().evict(l.connection);
        }
    }

    private void store(Lease k) {
        Lease previous = kept.getAndSet(k);
        if (previous != null) {
            toPool(previous, true);
        }
        keepers.track(this);
    }

    /** Gives back the kept connection, if any: session state changes, or a statement goes elsewhere. */
    void giveBackKept() {
        Lease k = kept.get() == null ? null : kept.getAndSet(null);
        if (k != null) {
            toPool(k, true);
        }
    }

    // ------------------------------------------------------------------ held

    Lease held() {
        return held;
    }

    /** A statement's lease becomes the held one: the statement pinned the session to its connection. */
    Lease adopt(Lease l) {
        held = new Lease(l.node, l.connection, Lease.Source.HELD, l.borrowedAt);
        held.replayed(l.replayed());
        return held;
    }

    /** The held connection goes back; {@code evict}: lost, or it carries pinned state no other session may inherit. */
    void releaseHeld(boolean evict) {
        Lease h = held;
        if (h != null) {
            held = null;
            h.markEnded();
            if (evict) {
                h.node.pool().evict(h.connection);
            } else {
                toPool(h, false);
            }
        }
    }

    // ------------------------------------------------------------------ lent

    /**
     * A connection on {@code n} for work that is not a routed statement (metadata, LOB factories, tokens): the held
     * one if it is on {@code n}, else the kept one if it is on {@code n}, else one borrowed (no session state: the
     * work reads no data). Give it back with {@link #giveBackLent}.
     */
    Lease lend(Node n) throws SQLException {
        if (held != null && held.node == n) {
            return held;
        }
        Lease k = kept.get();
        if (k != null && k.node == n && kept.compareAndSet(k, null)) {
            n.pool().reuseKept();
            return k;
        }
        return new Lease(n, n.pool().borrow(), Lease.Source.BORROWED, System.nanoTime());
    }

    /** Gives back what {@link #lend} lent: a kept one is kept again as it was (after a write, LAST_INSERT_ID()...). */
    void giveBackLent(Lease l) {
        if (l.isHeld()) {
            return;
        }
        if (l.isKept()) {
            if (closed || !l.node.pool().keep(true)) {
                toPool(l, false);
                return;
            }
            store(l);
            return;
        }
        release(l);
    }

    // ------------------------------------------------------------------ lifecycle and the sweeper

    /** The session closes: nothing is kept from now on. */
    void markClosed() {
        closed = true;
    }

    /** Registers with the sweeper once; false if already registered. */
    boolean markRegistered() {
        return !registered.get() && registered.compareAndSet(false, true);
    }

    void markUnregistered() {
        registered.set(false);
    }

    boolean keepsOne() {
        return kept.get() != null;
    }

    /**
     * Sweeper: gives back the kept connection when idle longer than {@code limitNanos}, or kept after a read on a
     * node with waiting borrowers; a node that stopped answering gets it closed in the background.
     */
    void sweep(long nowNanos, long limitNanos) {
        Lease k = kept.get();
        if (k != null && (nowNanos - k.keptSince() > limitNanos || (!k.keptAfterWrite() && k.node.pool().hasWaiters()))
                && kept.compareAndSet(k, null)) {
            if (k.node.isReachable()) {
                toPool(k, true);
            } else {
                k.node.pool().evictKept(k.connection);
            }
        }
    }

    /** A borrower of {@code n} found its pool empty: the connection kept there after a read goes back, if any. */
    boolean reclaimFor(Node n) {
        Lease k = kept.get();
        if (k != null && k.node == n && !k.keptAfterWrite() && kept.compareAndSet(k, null)) {
            toPool(k, true);
            return true;
        }
        return false;
    }

    /** {@code n} died or changed role: the connection kept there is closed by its pool, in the background. */
    void reclaimRetired(Node n) {
        Lease k = kept.get();
        if (k != null && k.node == n && kept.compareAndSet(k, null)) {
            n.pool().evictKept(k.connection);
        }
    }
}
