package io.rwsplit.driver.internal;

import io.rwsplit.routing.Classification;
import io.rwsplit.routing.LeaseKind;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * What one execution does after a failure: try again (and where not to) or give up, with an error that says whether
 * the statement was sent. Made at the first failure of an execution (a successful one allocates nothing); its
 * deadlines count from the start of the execution.
 *
 * <ul>
 * <li>Not sent (no connection could be had, or no writable primary is known): a read tries another node, a statement
 *     for the primary waits for the next probe report and asks again, until {@code failoverHold}; then 08001, "not
 *     sent, so retrying it is safe".
 * <li>An autocommit read whose connection was lost, or that could not get one on a replica: tried again (elsewhere
 *     when it can) until {@code acquireTimeout} or {@link #MAX_ATTEMPTS}; a read changed nothing, so this is
 *     invisible. Then 08006, "changed nothing" (08001 when it was never sent).
 * <li>An autocommit write the server refused as read-only (a planned switchover began): it did not run, so it waits
 *     for the new primary and runs there, up to {@code failoverHold}.
 * <li>Anything else that was sent is never retried: a lost write, or any statement of a lost transaction, fails with
 *     08006 and says its outcome is unknown; an SQL error is the vendor's own.
 * </ul>
 */
final class Retry {
    /** Attempts of one execution at most, however fast they fail. */
    static final int MAX_ATTEMPTS = 8;

    private final Cluster cluster;
    private final long readDeadline;
    private final long holdDeadline;
    private int attempts = 1;
    /** The node the last attempt failed on, for the replica choice to avoid; null if none. */
    private Node avoid;

    Retry(Cluster cluster, long begunNanos) {
        this.cluster = cluster;
        long now = begunNanos;
        this.readDeadline = now + cluster.config().acquireTimeoutMillis * 1_000_000L;
        this.holdDeadline = now + cluster.config().failoverHoldMillis * 1_000_000L;
    }

    Node avoid() {
        return avoid;
    }

    /**
     * The route or the lease failed ({@code route} null: the route), so nothing was sent. Returns to try again,
     * after waiting for a primary where that is what is missing; throws otherwise.
     */
    void notSent(SQLException e, Route route, Classification c) throws SQLException {
        if (e instanceof RoleFollower.NoWritablePrimary) {
            if (cluster.awaitRoleReport(holdDeadline)) {
                return;
            }
            throw new SQLTransientConnectionException(e.getMessage() + (cluster.config().failoverHoldMillis > 0
                    ? ", and none appeared within failoverHold (" + cluster.config().failoverHoldMillis + " ms)" : "")
                    + "; the statement was not sent, so retrying it once a node reports itself writable is safe",
                    Errors.UNABLE_TO_CONNECT);
        }
        if (route == null || route.lease() == LeaseKind.USE_HELD || !NodeHealthRule.isConnectionClass(e)) {
            throw e;
        }
        Node tried = route.node();
        boolean forPrimary = tried.role() == NodeRole.PRIMARY;
        if (forPrimary && e instanceof NodeRefusedException) {
            // The vendor's refusal (credentials, database), which says the statement was not sent: waiting cannot help.
            throw e;
        }
        if (!forPrimary && c.isRead() && mayTryAnotherRead()) {
            avoid = tried;
            return;
        }
        if (forPrimary && cluster.awaitRoleReport(c.isRead() ? Math.max(holdDeadline, readDeadline) : holdDeadline)) {
            // Refused or unanswered: the node may be going away; the next report says who the primary is now.
            return;
        }
        throw new SQLTransientConnectionException("rwsplit: could not get a connection to "
                + (forPrimary ? "the primary " : "") + tried.id() + " (" + e.getMessage() + "); the statement was"
                + " not sent, so retrying it is safe", Errors.UNABLE_TO_CONNECT, e);
    }

    /**
     * The statement was sent on {@code ran} and failed with {@code e}; {@code lost}: its connection is lost;
     * {@code owned}: it ran alone (autocommit), not in a held transaction or pin. Returns to try again; throws the
     * error the application gets otherwise.
     */
    void sent(SQLException e, Classification c, Node ran, boolean lost, boolean owned) throws SQLException {
        if (lost && owned && c.isRead()) {
            if (mayTryAnotherRead()) {
                avoid = ran.role() == NodeRole.PRIMARY ? null : ran;
                return;
            }
            throw new SQLException("rwsplit: the connection to " + ran.id() + " failed while running a read, "
                    + attempts + " attempt(s) within acquireTimeout; the read changed nothing, so retrying it is"
                    + " safe", Errors.CONNECTION_FAILURE, e);
        }
        if (lost && !c.isRead()) {
            throw new SQLException("rwsplit: the connection to " + ran.id() + " failed while running a "
                    + c.kind().code() + " statement" + (owned ? "" : " inside a transaction") + " after it was sent;"
                    + " whether it took effect is unknown, so it was not retried"
                    + (owned ? "" : "; the transaction is lost"), Errors.CONNECTION_FAILURE, e);
        }
        if (lost) {
            throw new SQLException("rwsplit: the connection to " + ran.id() + " failed inside a transaction; the"
                    + " transaction is lost and was not retried", Errors.CONNECTION_FAILURE, e);
        }
        if (owned && !c.isRead() && NodeHealthRule.refusedAsReadOnly(e)) {
            // The primary turned read-only under this write (it may be a replica by now): the write did not run.
            // Wait for the new primary.
            ran.health().refusedWrite();
            cluster.followRoles();
            if (cluster.awaitRoleReport(holdDeadline)) {
                return;
            }
        }
        throw e;
    }

    /**
     * Whether a read may be tried once more: always a second time (however long the first took: a borrow that timed
     * out used up the acquire timeout on one node only), then until acquireTimeout or {@link #MAX_ATTEMPTS}.
     */
    private boolean mayTryAnotherRead() {
        return (attempts == 1 || System.nanoTime() - readDeadline < 0) && another();
    }

    /** Counts one more attempt; false when the attempts are used up. */
    private boolean another() {
        if (attempts >= MAX_ATTEMPTS) {
            return false;
        }
        attempts++;
        return true;
    }
}
