package io.rwsplit.driver.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a connection of one node's HikariCP pool in slices of {@value #SLICE_MILLIS} ms, up to the pool's
 * connection timeout (its role's acquire timeout, {@link NodePool#applyRoleTimeouts}), so that a server refusing new
 * connections ({@link NodeDataSource#refusal()}) ends the wait after the slice in which it answered, with the vendor's
 * message first ({@link NodeRefusedException}), instead of after the whole timeout. HikariCP cannot wake a waiting
 * borrower when an attempt fails; a slice that times out can look.
 *
 * <p>An idle connection is lent by the first slice, as {@code HikariDataSource.getConnection()} would lend it:
 * the same checks, no allocation, no clock reading of its own. Only a borrow that waits pays for the slices: each
 * timed-out slice is one HikariCP timeout exception, and the borrower queues again behind borrowers that came
 * meanwhile (HikariCP hands a returned connection to the longest waiter in the queue).
 */
final class SlicedBorrow {
    /** How long one wait lasts: HikariCP's shortest connection timeout. */
    static final long SLICE_MILLIS = 250;

    private final HikariDataSource dataSource;
    /** What {@link #dataSource} lends from: waiting on it directly lets each slice have its own timeout. */
    private final HikariPool pool;
    private final NodeDataSource connector;
    private final String nodeId;
    private final String password;

    /** {@code dataSource} must be started (built from its config), so that its pool exists. */
    SlicedBorrow(HikariDataSource dataSource, NodeDataSource connector, String nodeId, String password) {
        this.dataSource = dataSource;
        // HikariDataSource(HikariConfig) starts its pool at once; the pool is its MXBean.
        this.pool = (HikariPool) dataSource.getHikariPoolMXBean();
        this.connector = connector;
        this.nodeId = nodeId;
        this.password = password;
    }

    /**
     * A connection of the pool within its connection timeout; throws {@link NodeRefusedException} when the server
     * refused the pool's last attempt to open one, and HikariCP's timeout exception (with the last attempt's failure
     * as its cause, or none when the pool was only busy) when the timeout passed.
     */
    Connection borrow() throws SQLException {
        if (dataSource.isClosed()) {
            // HikariCP says so, as it always did.
            return dataSource.getConnection();
        }
        long timeout = dataSource.getConnectionTimeout();
        try {
            return pool.getConnection(Math.min(SLICE_MILLIS, timeout));
        } catch (SQLTransientConnectionException timedOut) {
            return awaitRest(timedOut, timeout);
        }
    }

    /** After the first slice timed out: slices until the timeout, looking for a refusal after each. */
    private Connection awaitRest(SQLTransientConnectionException firstTimeout, long timeout) throws SQLException {
        // The first slice has just lasted (at least) its length.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout - Math.min(SLICE_MILLIS, timeout));
        SQLTransientConnectionException timedOut = firstTimeout;
        while (true) {
            SQLException refusal = connector.refusal();
            if (refusal != null) {
                throw ConnectRefusal.exception(refusal, nodeId, password);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw timeout(timedOut, timeout);
            }
            try {
                return pool.getConnection(Math.min(SLICE_MILLIS, left));
            } catch (SQLTransientConnectionException e) {
                timedOut = e;
            }
        }
    }

    /**
     * The whole timeout passed. With no failure behind it the pool was busy: HikariCP's exception, which
     * {@link NodePool#borrow()} tells apart by its missing cause. Otherwise HikariCP's type, SQLState and cause, with
     * a message that gives the whole wait rather than the last slice's.
     */
    private SQLException timeout(SQLTransientConnectionException last, long timeout) {
        Throwable cause = last.getCause();
        if (cause == null) {
            return last;
        }
        return new SQLTransientConnectionException("rwsplit: node " + nodeId + " lent no connection within " + timeout
                + " ms; the last attempt to open one failed: " + ConnectRefusal.mask(cause.getMessage(), password),
                last.getSQLState(), last.getErrorCode(), cause);
    }
}
