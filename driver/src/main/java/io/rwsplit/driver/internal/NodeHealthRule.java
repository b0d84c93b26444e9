package io.rwsplit.driver.internal;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * What feeds a node's circuit breaker, written once: every place that judges a failure asks this class, so that
 * one session's bad input can never make a healthy node look dead to the other sessions (issue 14).
 *
 * <p><b>The rule.</b> A failure counts against a node only when the node itself did not answer:
 * <ol>
 * <li>its pool could not open a connection to it: the pool's last attempt failed with a connection-class error, or
 *     with no SQLException at all (refused, timed out, reset). A pool that timed out only because all its
 *     connections were in use ({@link NodePool.PoolBusyException}), a server refusing the configuration
 *     ({@link NodeRefusedException}: authentication {@code 28xxx}, unknown database, TLS required, whatever its
 *     SQLState), and an attempt the server answered with an error of another class (too many clients {@code 53300}),
 *     do not count;
 * <li>a probe failed with a connection-class error, and its connection, if it had one, fails the liveness check;
 * <li>a statement, commit or rollback failed with a connection-class error, and its physical connection then fails
 *     a bounded liveness check ({@code isClosed()}, then {@code isValid(1)}).
 * </ol>
 * Connection class: SQLState class {@code 08}, {@code 57P} (PostgreSQL {@code 57P01}-{@code 57P05}: shut down,
 * crashed, not accepting connections, database dropped, idle session timeout), or one of the JDBC connection
 * exception types ({@link SQLRecoverableException}, {@link SQLTransientConnectionException},
 * {@link SQLNonTransientConnectionException}).
 *
 * <p>Everything else is the node answering and never counts: every other SQLState (22 data, 23 constraint, 40
 * rollback, 42 syntax or access, 53 resources, 54 limits, 55 object state, {@code 57014} query canceled, HY...,
 * vendor-specific, none), and a connection-class error on a connection that still answers (PostgreSQL's
 * {@code 08P01} for a protocol violation). Then the connection is kept (not evicted; its transaction and pinned state
 * stay), and the application gets the vendor's exception unchanged. A connection that fails the check is evicted
 * and whatever it carried (transaction, pin) is given up.
 *
 * <p>The liveness check runs only after a connection-class error: successful statements and ordinary SQL errors pay
 * nothing. HikariCP's own eviction on SQLStates is switched off ({@link PoolOverride}) so that this rule, not the
 * pool, decides whether a connection is broken.
 */
final class NodeHealthRule {
    /** Seconds the liveness check waits for the node to answer ({@code Connection.isValid}). */
    static final int LIVENESS_TIMEOUT_SECONDS = 1;

    private NodeHealthRule() {
    }

    /** Whether {@code e} is of the connection class (pure: no I/O). */
    static boolean isConnectionClass(SQLException e) {
        String state = e.getSQLState();
        return (state != null && (state.startsWith("08") || state.startsWith("57P")))
                || e instanceof SQLRecoverableException
                || e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException;
    }

    /**
     * A statement, commit, rollback or probe on {@code c} failed with {@code e}: true when the connection is lost
     * (a connection-class error and {@code c} no longer answers; {@code c} null: there was no connection yet), which
     * counts against the node; false when the node answered.
     */
    static boolean connectionLost(SQLException e, Connection c) {
        return isConnectionClass(e) && !answers(c);
    }

    /** Whether {@code e} is a timeout: the peer did not answer in time (a socket read timed out). Pure. */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.sql.SQLTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the server refused a write because it is read-only (MariaDB/MySQL {@code --read-only}, error 1290;
     * a read-only transaction, 1792; PostgreSQL's standby or {@code default_transaction_read_only}, 25006): the
     * statement did not run. Pure.
     */
    static boolean refusedAsReadOnly(SQLException e) {
        if ("25006".equals(e.getSQLState()) || e.getErrorCode() == 1792) {
            return true;
        }
        // 1290 is any option that prevents a statement (secure_file_priv too): only read_only counts.
        String m = e.getMessage();
        return e.getErrorCode() == 1290 && m != null && (m.contains("read-only") || m.contains("read_only"));
    }

    /** Whether a failure to borrow a connection from a node's pool counts against the node (rule 1). */
    static boolean borrowFailureCounts(SQLException e) {
        if (e instanceof NodePool.PoolBusyException || e instanceof NodeRefusedException) {
            return false;
        }
        // HikariCP's timeout wraps the last attempt's failure: what the server (or the network) said is in there.
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException s) {
                return isConnectionClass(s);
            }
        }
        return e.getCause() != null || isConnectionClass(e);
    }

    /** The bounded liveness check: the connection is open and answers within a second. */
    static boolean answers(Connection c) {
        if (c == null) {
            return false;
        }
        try {
            return !c.isClosed() && c.isValid(LIVENESS_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * HikariCP's own broken-connection test (class 08, 57P01-57P03, 0A000 and a few vendor codes) would close a
     * connection that still answers, so the pool never evicts on an SQLException: rwsplit evicts the connections this
     * rule finds lost. A connection-class error the driver does not see (one raised while reading a result set, for
     * instance) makes the node check the connections given back to it for a few seconds
     * ({@link NodeHealth#suspectConnections()}), so a lost one is not lent again.
     */
    static final class PoolOverride implements SQLExceptionOverride {
        private final NodeHealth node;

        PoolOverride(NodeHealth node) {
            this.node = node;
        }

        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException e) {
            if (isConnectionClass(e)) {
                node.suspectConnections();
            }
            return SQLExceptionOverride.Override.DO_NOT_EVICT;
        }
    }
}
