package io.rwsplit.driver.internal;

import java.sql.Connection;

/**
 * A physical connection in use by one execution of a statement, or lent to one auxiliary call, and how it was
 * obtained. {@link SessionConnections} makes it and ends it exactly once: given back to the pool, kept for the
 * session's next statement (the lease itself becomes the kept entry, so keeping allocates nothing more), or evicted.
 * A {@link Source#HELD} lease is the session's transaction or pin connection: its users share it and it ends when the
 * transaction or pin does.
 *
 * <p>One is made per autocommit execution, so it is kept to 40 bytes (what the kept-connection record it replaces
 * took): small fields are bytes, and the session state version it was obtained under is the statement's to remember
 * ({@link SessionConnections#finish}).
 */
final class Lease {
    /** How the connection was obtained. */
    enum Source {
        /** Borrowed from the node's pool for this lease. */
        BORROWED,
        /** The connection the session kept from its previous statement on the same node. */
        KEPT,
        /** The session's held connection (transaction, pin). */
        HELD;

        private static final Source[] VALUES = values();
    }

    private static final byte IN_USE = 0;
    /** Kept by the session for its next statement; its kept fields are set and never change again. */
    private static final byte KEPT = 1;
    private static final byte ENDED = 2;
    /** In {@link #source}: the connection carries the session's replayed state (it must be reset before its pool). */
    private static final byte REPLAYED = 0x10;
    private static final byte SOURCE_BITS = 0x0F;

    final Node node;
    final Connection connection;
    /** Clock reading of the borrow from the pool (carried over by reuse): {@link KeptConnections#MAX_KEEP_NANOS}. */
    final long borrowedAt;
    /** Clock reading of the end of the statement it was kept after (the idle limit counts from it). */
    private long keptSince;
    /** The {@link Source} ordinal, plus {@link #REPLAYED} (both in one byte: the lease stays at 40 bytes). */
    private byte source;
    private byte state = IN_USE;
    /** Set by a successful autocommit execution: the lease may end kept ({@link SessionConnections#finish}). */
    private boolean keepable;
    /** Kept after a write: reclaimed only when idle, not for another borrower (LAST_INSERT_ID() may come). */
    private boolean keptAfterWrite;

    Lease(Node node, Connection connection, Source source, long borrowedAt) {
        this.node = node;
        this.connection = connection;
        this.source = (byte) source.ordinal();
        this.borrowedAt = borrowedAt;
    }

    Source source() {
        return Source.VALUES[source & SOURCE_BITS];
    }

    /** The session's held connection: it outlives the executions that use it. */
    boolean isHeld() {
        return (source & SOURCE_BITS) == Source.HELD.ordinal();
    }

    /**
     * Whether the connection carries the session's replayed state ({@link SessionHistory}), brought up to the
     * history's latest entry: such a connection is reset before it goes back to its pool.
     */
    boolean replayed() {
        return (source & REPLAYED) != 0;
    }

    /** Marks the connection as carrying (or no longer carrying) the session's replayed state. */
    void replayed(boolean carries) {
        source = (byte) (carries ? source | REPLAYED : source & ~REPLAYED);
    }

    /**
     * The execution on this lease succeeded and ended at {@code endedNanos}; {@code afterWrite}: it changed something
     * on the primary. The lease may be kept for the session's next statement when it finishes.
     */
    void succeeded(long endedNanos, boolean afterWrite) {
        keepable = true;
        keptSince = endedNanos;
        keptAfterWrite = afterWrite;
    }

    boolean keepable() {
        return keepable;
    }

    /** Marks the lease kept; called once, before it is published to the sweeper. */
    void markKept() {
        end(KEPT);
    }

    /** Marks the lease ended (given back or evicted). */
    void markEnded() {
        end(ENDED);
    }

    private void end(byte to) {
        if (state != IN_USE) {
            throw new IllegalStateException("rwsplit internal error: " + this + " ended twice");
        }
        state = to;
    }

    boolean isKept() {
        return state == KEPT;
    }

    long keptSince() {
        return keptSince;
    }

    boolean keptAfterWrite() {
        return keptAfterWrite;
    }

    @Override
    public String toString() {
        return "Lease[" + node.id() + ", " + source() + ", " + (state == IN_USE ? "in use" : state == KEPT ? "kept"
                : "ended") + (keptAfterWrite ? ", after a write" : "") + "]";
    }
}
