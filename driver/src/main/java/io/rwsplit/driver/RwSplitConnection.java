package io.rwsplit.driver;

import io.rwsplit.routing.Reason;

import java.sql.SQLException;
import java.util.Map;

/**
 * Per-connection control of rwsplit, reached through {@link java.sql.Connection#unwrap(Class)}:
 *
 * <pre>{@code
 * RwSplitConnection rw = connection.unwrap(RwSplitConnection.class);
 * rw.setForcePrimary(true);   // every statement of this connection runs on the primary
 * }</pre>
 */
public interface RwSplitConnection {
    /** Forces (or stops forcing) every statement of this connection onto the primary. */
    void setForcePrimary(boolean force);

    boolean isForcePrimary();

    /** Whether an earlier statement created session state that pins this connection to the primary. */
    boolean isPinnedToPrimary();

    /** {@code host:port} of the node that ran this connection's last statement, or null before the first one. */
    String lastNode();

    /** Why the last statement ran where it ran, or null before the first one. */
    Reason lastReason();

    /**
     * A token for the data this session has written so far: hand it to another connection or process (an HTTP
     * session, a message), whose {@link #requireConsistency(String)} then reads data at least that fresh. Asks the
     * primary for its replication position (one short query).
     */
    String consistencyToken() throws SQLException;

    /**
     * Makes this connection's reads at least as fresh as the data a {@link #consistencyToken()} stood for: until a
     * replica has applied it, reads go to the primary. A malformed token, or one from another kind of database, is
     * an SQLException (SQLState HY024).
     */
    void requireConsistency(String token) throws SQLException;

    /**
     * Resets this logical connection for its next user, as a pool's {@code Connection.endRequest()} does: forgets the
     * replayed session statements ({@code SET}s: the physical connections that carry them are reset before they go
     * back to their pools), ends a pin by resetting the pinned connection (MariaDB and MySQL
     * {@code COM_RESET_CONNECTION}, PostgreSQL {@code DISCARD ALL}: temporary tables, locks, user variables and
     * prepared statements go with it), ends the read-your-writes and monotonic-reads floors (hand them on with
     * {@link #consistencyToken()} when the next request needs them), clears client info and
     * {@link #setForcePrimary}, and gives every physical connection back. JDBC properties (autocommit, read-only,
     * isolation, catalog, schema) are the pool's to reset. Refused (SQLState 25000) inside a transaction.
     */
    void resetSession() throws SQLException;

    /** Upper bound of each replica's staleness now, in milliseconds ({@code -1} when unknown), by address. */
    Map<String, Long> replicaLagMillis();
}
