package io.rwsplit.driver.internal;

import io.rwsplit.consistency.SessionFreshness;
import io.rwsplit.routing.Classification;
import io.rwsplit.routing.TransactionControl;
import org.slf4j.Logger;
import io.rwsplit.consistency.internal.RwSplitLoggers;

import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * The transaction and pin state of one session, and what ends them. A transaction opens with a BEGIN or with the
 * first statement after autocommit is turned off, on the connection {@link SessionConnections} then holds; it ends
 * with COMMIT or ROLLBACK (as SQL or JDBC calls), and its connection goes back unless the session is pinned. A pin
 * starts when a statement creates session state on the primary that rwsplit cannot carry, and lasts until close.
 * Both end at once when their connection is lost. Every end that may have written moves the session's
 * read-your-writes floor.
 */
final class SessionTransaction {
    /** The logger of routing decisions (README: Metrics, JMX and logs), which pins are. */
    private static final Logger log = RwSplitLoggers.get(LogicalConnection.class);

    private final SessionConnections connections;
    private final SessionState state;
    private final SessionFreshness freshness;
    private final SessionStateMetrics metrics;
    /** Closes what the session's statements run on the held connection, before it goes away. */
    private final Consumer<Lease> detachStatements;
    private boolean active;
    private boolean readOnly;
    private boolean wrote;
    private boolean pinned;

    SessionTransaction(SessionConnections connections, SessionState state, SessionFreshness freshness,
                       SessionStateMetrics metrics, Consumer<Lease> detachStatements) {
        this.connections = connections;
        this.state = state;
        this.freshness = freshness;
        this.metrics = metrics;
        this.detachStatements = detachStatements;
    }

    boolean active() {
        return active;
    }

    boolean readOnlyOpen() {
        return active && readOnly;
    }

    boolean pinned() {
        return pinned;
    }

    /** A read-write transaction is open, or about to open with the next statement. */
    boolean inReadWrite() {
        return active ? !readOnly : !state.autoCommit && !state.readOnly;
    }

    /** A read-only transaction is open, or about to open with the next statement. */
    boolean inReadOnly() {
        return active ? readOnly : !state.autoCommit && state.readOnly;
    }

    void start(boolean readOnlyTx) {
        active = true;
        readOnly = readOnlyTx;
        wrote = false;
    }

    /** A BEGIN, or the first statement with autocommit off, opens a transaction on the held connection. */
    void openIfDue(Classification c) {
        if (active) {
            return;
        }
        TransactionControl tc = c.transactionControl();
        if (tc == TransactionControl.BEGIN || tc == TransactionControl.BEGIN_READ_ONLY) {
            start(tc == TransactionControl.BEGIN_READ_ONLY);
        } else if (tc == TransactionControl.NONE && !state.autoCommit) {
            start(state.readOnly);
        }
    }

    /**
     * Bookkeeping after a successful execution on {@code lease}, which ended at {@code endedNanos}: freshness floors,
     * the pin, the transaction's end. Returns the lease the statement goes on with (the held one if it pinned), or
     * null when the transaction ended and took the statement's connection with it.
     */
    Lease afterExecute(Lease lease, Classification c, long endedNanos) {
        Node node = lease.node;
        if (c.isRead()) {
            freshness.onRead(node.id(), endedNanos);
        } else if (!active) {
            freshness.onWriteCommitted(endedNanos);
        }
        if (c.pinsSession() && node.role() == NodeRole.PRIMARY && !pinned) {
            pinned = true;
            metrics.pinned(c.kind().code());
            if (!lease.isHeld()) {
                lease = connections.adopt(lease);
            }
            log.debug("rwsplit: connection pinned to the primary by a {} statement", c.kind().code());
        }
        if (active && !c.isRead()) {
            wrote = true;
        }
        TransactionControl tc = c.transactionControl();
        if ((tc == TransactionControl.COMMIT || tc == TransactionControl.ROLLBACK) && active
                && lease == connections.held()) {
            return end() ? null : lease;
        }
        return lease;
    }

    /**
     * Bookkeeping after a failed execution on {@code lease}; {@code lost}: {@link NodeHealthRule} found that
     * connection lost. A held connection (transaction, pin) is given up only then: after an SQL error on a connection
     * that still answers, the transaction and the pin stay, as on the database.
     */
    void afterFailure(Lease lease, Classification c, boolean lost) {
        if (!c.isRead() && !c.replayable()) {
            // It may have taken effect: later reads must see it if it did.
            freshness.onWriteCommitted(System.nanoTime());
        }
        if (lost && lease == connections.held()) {
            giveUp();
        }
    }

    /** JDBC {@code commit()}: on the held connection, if a transaction (or a pinned connection with autocommit off). */
    void commit() throws SQLException {
        Lease held = connections.held();
        if (held == null || (!active && !(pinned && !state.autoCommit))) {
            return;
        }
        try {
            held.connection.commit();
        } catch (SQLException e) {
            if (held.node.lost(held.connection, e, held.borrowedAt)) {
                freshness.onWriteCommitted(System.nanoTime());
                giveUp();
                throw new SQLException("rwsplit: the connection to " + held.node.id() + " failed during COMMIT; "
                        + "whether the transaction committed is unknown", Errors.CONNECTION_FAILURE, e);
            }
            // The node answered (a serialization failure, a deferred constraint): its error, unchanged.
            throw e;
        }
        end();
    }

    /** JDBC {@code rollback()}. */
    void rollback() throws SQLException {
        Lease held = connections.held();
        if (held == null || (!active && state.autoCommit)) {
            return;
        }
        boolean lost = false;
        try {
            held.connection.rollback();
        } catch (SQLException e) {
            lost = held.node.lost(held.connection, e, held.borrowedAt);
            if (lost) {
                throw new SQLException("rwsplit: the connection to " + held.node.id() + " failed during ROLLBACK;"
                        + " the transaction ended with it, and nothing of it committed", Errors.CONNECTION_FAILURE, e);
            }
            throw e;
        } finally {
            if (lost) {
                // Gone with the connection: nothing of the transaction can have committed.
                giveUp();
            } else {
                end();
            }
        }
    }

    /** The transaction ended; its connection goes back unless pinned. Returns whether it went back. */
    private boolean end() {
        Lease held = connections.held();
        if (wrote || (held != null && held.node.role() == NodeRole.PRIMARY && !readOnly)) {
            freshness.onWriteCommitted(System.nanoTime());
        }
        active = false;
        readOnly = false;
        wrote = false;
        if (!pinned) {
            releaseHeld(false);
            return true;
        }
        return false;
    }

    /** The held connection is lost: the pool closes it, and the transaction (or pinned state) is gone with it. */
    private void giveUp() {
        releaseHeld(true);
        active = false;
        readOnly = false;
        wrote = false;
        unpin(false);
    }

    private void unpin(boolean byState) {
        if (pinned) {
            pinned = false;
            metrics.unpinned(byState);
        }
    }

    /** Autocommit turned back on outside a transaction: the held connection goes back unless pinned. */
    void autoCommitOn() {
        if (!pinned) {
            releaseHeld(false);
        }
    }

    /** The session closes: a pinned connection carries state no other session may inherit, so the pool closes it. */
    void close() {
        if (connections.held() != null) {
            releaseHeld(pinned);
        }
        active = false;
        unpin(false);
    }

    /**
     * A request ends ({@code Connection.endRequest()}, {@code RwSplitConnection.resetSession()}), outside a
     * transaction: a pinned connection is reset ({@link SessionReset}: everything it carries goes) and goes back to
     * its pool, or is closed when it cannot be reset. Returns whether a pin ended.
     */
    boolean resetPin() {
        if (!pinned) {
            return false;
        }
        Lease held = connections.held();
        if (held != null) {
            detachStatements.accept(held);
            boolean reset = connections.reset(held.connection, true);
            held.replayed(false);
            connections.releaseHeld(!reset);
        }
        unpin(true);
        return true;
    }

    /** The held connection goes away: statements running on it close what runs there first. */
    private void releaseHeld(boolean evict) {
        Lease held = connections.held();
        if (held != null) {
            detachStatements.accept(held);
            connections.releaseHeld(evict);
        }
    }
}
