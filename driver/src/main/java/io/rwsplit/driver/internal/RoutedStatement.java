package io.rwsplit.driver.internal;

import io.rwsplit.driver.internal.StatementShape.Keys;
import io.rwsplit.driver.internal.jdbc.ResultOwner;
import io.rwsplit.driver.internal.jdbc.RoutedResultSet;
import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Target;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement routed per execution. Each execution runs on a physical statement created on the physical connection
 * its route gives; the physical statement (and a borrowed connection) lives until the results are consumed: the
 * result set of {@code executeQuery} is closed, or the next execution, or {@link #close()}.
 *
 * <p>What is tried again after a failure, and what the application gets otherwise, is {@link Retry}'s decision: only
 * statements that provably changed nothing.
 */
public class RoutedStatement extends ConfiguredStatement implements ResultOwner {
    final LogicalConnection conn;
    final StatementShape shape;

    // The current execution.
    /** Its connection, or null between executions; finished exactly once ({@link #finishExecution}). */
    private Lease lease;
    /** The session state version the lease was obtained under: a change since makes it unkeepable. */
    private int leaseVersion;
    Statement phys;
    private RoutedResultSet currentResult;
    /** The execution ends when its result set is closed (a query). */
    private boolean releaseWithResult;
    /** Its physical statement may serve this statement's next execution on the same connection. */
    private boolean keepPhysical;
    /**
     * The physical statement of the last execution, left open on the connection the session kept, for this
     * statement's next execution if that one runs there again (it skips preparing); closed otherwise. When the
     * connection goes back to its pool first, the pool has closed it.
     */
    private Statement parked;
    private Connection parkedOn;
    private boolean closed;
    private List<String> batch;

    RoutedStatement(LogicalConnection conn, StatementShape shape) {
        this.conn = conn;
        this.shape = shape;
    }

    // ------------------------------------------------------------------ the per-statement path

    /**
     * Runs one execution: route, lease, execute, bookkeeping, and the end of the execution (now, or when its results
     * are consumed). After a failure {@link Retry} decides whether to try again: only what provably changed nothing
     * (not sent, a read, a write the server refused as read-only) is.
     */
    final <R> R run(Classification c, Execution<R> exec, String sql, Keys keys) throws SQLException {
        // The previous execution's results end here, as JDBC says they do.
        finishExecution();
        if (c.replayable()) {
            c = conn.sessionStatement(c, sql); // replayed from now on, or it pins
        }
        long begun = System.nanoTime();
        Retry retry = null;
        for (;;) {
            // Route (the rules, then the replica choice) and lease (the kept, held or a borrowed connection): nothing
            // is sent before both succeed.
            Route route = null;
            try {
                route = conn.route(c, retry == null ? null : retry.avoid());
                lease = conn.lease(route, c);
                leaseVersion = conn.state.version();
            } catch (SQLException e) {
                retry = retry != null ? retry : new Retry(conn.cluster, begun);
                retry.notSent(e, route, c);
                continue;
            }
            Node ran = lease.node;
            try {
                phys = physicalFor(exec.kind);
                // The execute call alone is the node's latency: not the borrow, not the time results stay open,
                // not how long a transaction holds the connection. A failure took at least that long too.
                R result;
                long started = System.nanoTime();
                long ended;
                try {
                    result = exec.body.run(this, phys, sql, keys);
                } finally {
                    ended = System.nanoTime();
                    ran.recordExecution(started, ended);
                }
                ran.health().recordSuccess();
                // The execute call returned at `ended`: its results (or its commit, in autocommit) were in by then.
                // Freshness floors, a pin (the lease becomes the held one), a transaction's end (it goes with it).
                lease = conn.afterExecute(lease, c, ended);
                if (c.replayable()) {
                    leaseVersion = conn.state.version(); // this connection is up to the change it made
                }
                return afterSuccess(exec, result, keys, ended, !c.isRead() && ran.role() == NodeRole.PRIMARY);
            } catch (SQLException e) {
                Lease failed = lease;
                // NodeHealthRule: only a connection-class error on a connection that no longer answers is lost;
                // anything else is the node answering, and the connection stays.
                boolean lost = failed != null && ran.lost(failed.connection, e, failed.borrowedAt);
                boolean owned = failed != null && !failed.isHeld();
                if (lost && owned) {
                    abandonExecution();
                } else {
                    finishExecution();
                }
                conn.afterFailure(failed, c, lost);
                retry = retry != null ? retry : new Retry(conn.cluster, begun);
                retry.sent(e, c, ran, lost, owned);
            }
        }
    }

    /** The physical statement for this execution: the parked one if it is on this connection, else a new one. */
    private Statement physicalFor(Execution.Kind kind) throws SQLException {
        Statement reused = takeParked(kind);
        Statement s = reused != null ? reused : shape.create(lease.connection, sqlText());
        phys = s;
        applySettings(s);
        return s;
    }

    /**
     * After a successful execution: marks a borrowed lease keepable, and ends the execution now unless its results
     * are still to be read (a result set, generated keys, {@code execute}'s results).
     */
    @SuppressWarnings("unchecked")
    private <R> R afterSuccess(Execution<R> exec, R result, Keys keys, long ended, boolean wrote) {
        Lease l = lease;
        if (l != null && !l.isHeld()) {
            l.succeeded(ended, wrote);
        }
        keepPhysical = reusesPhysical() && exec.kind != Execution.Kind.BATCH;
        releaseWithResult = exec.kind == Execution.Kind.QUERY;
        if (exec.kind == Execution.Kind.QUERY) {
            // R is ResultSet for a query (Execution.QUERY and the prepared ones).
            currentResult = new RoutedResultSet((ResultSet) result, this, this);
            return (R) currentResult;
        }
        if (!keys.wanted() && exec.kind != Execution.Kind.EXECUTE) {
            finishExecution();
        }
        return result;
    }

    // ------------------------------------------------------------------ the end of an execution

    /**
     * Ends the current execution, once: closes its physical statement and gives back a borrowed connection, or lets
     * the session keep it for its next statement (and parks this statement's physical one for its next execution
     * there). A held connection stays with the session.
     */
    void finishExecution() {
        Lease l = lease;
        if (l == null) {
            closePhysical();
            return;
        }
        lease = null;
        if (l.keepable() && !l.isHeld() && keepPhysical && phys != null && closeResultOnly()) {
            parked = phys;
            parkedOn = l.connection;
            phys = null;
        } else {
            closePhysical();
        }
        conn.connections().finish(l, leaseVersion);
    }

    /** Ends the current execution on a lost connection it borrowed: the pool closes that connection. */
    private void abandonExecution() {
        closePhysical();
        Lease l = lease;
        lease = null;
        if (l != null) {
            conn.connections().evict(l);
        }
    }

    /** The held connection is going away under this statement: close what runs on it. */
    void detachFrom(Lease held) {
        if (lease == held) {
            closePhysical();
            lease = null;
        }
    }

    /** Closes the current execution's result set, if any, leaving its statement open; false if that failed. */
    private boolean closeResultOnly() {
        RoutedResultSet rs = currentResult;
        currentResult = null;
        if (rs == null) {
            return true;
        }
        rs.markClosedByStatement();
        try {
            rs.delegate().close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The physical statement parked by the last execution, if this one got the same physical connection and can
     * reuse it ({@link #resetForReuse}); null otherwise, after closing it.
     */
    private Statement takeParked(Execution.Kind kind) {
        Statement p = parked;
        if (p == null) {
            return null;
        }
        Connection on = parkedOn;
        parked = null;
        parkedOn = null;
        if (on == lease.connection && kind != Execution.Kind.BATCH) {
            try {
                resetForReuse(p);
                return p;
            } catch (SQLException e) {
                // Not reusable after all: make a new one.
            }
        }
        closeQuietly(p);
        return null;
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException ignored) {
            // Closing a statement on a broken connection fails; the pool evicts that connection.
        }
    }

    /** The text a physical twin is prepared with; null for a plain statement (each execution brings its own). */
    String sqlText() {
        return null;
    }

    /** Whether this statement's physical statement may serve its next execution on the same connection. */
    boolean reusesPhysical() {
        return true;
    }

    /** Makes a parked physical statement like a new one for the next execution (settings are applied anyway). */
    void resetForReuse(Statement p) throws SQLException {
    }

    private void closePhysical() {
        forgetResult();
        Statement s = phys;
        phys = null;
        if (s != null) {
            closeQuietly(s);
        }
    }

    /** Called when a result set of this statement is closed by the application. */
    @Override
    public void resultClosed(RoutedResultSet rs) throws SQLException {
        if (rs == currentResult) {
            currentResult = null;
            if (releaseWithResult) {
                finishExecution();
            }
            if (closesOnCompletion()) {
                close();
            }
        }
    }

    @Override
    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("rwsplit statement");
        }
        conn.checkOpen();
    }

    final Classification begin(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw new SQLException("SQL text is null", "42000");
        }
        return conn.classify(sql);
    }

    // ------------------------------------------------------------------ Statement: execution

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return run(begin(sql), Execution.QUERY, sql, Keys.NONE);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return run(begin(sql), Execution.UPDATE, sql, Keys.NONE);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return run(begin(sql), Execution.UPDATE, sql, Keys.of(autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return run(begin(sql), Execution.UPDATE, sql, Keys.of(columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return run(begin(sql), Execution.UPDATE, sql, Keys.of(columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return run(begin(sql), Execution.LARGE_UPDATE, sql, Keys.NONE);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return run(begin(sql), Execution.LARGE_UPDATE, sql, Keys.of(autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return run(begin(sql), Execution.LARGE_UPDATE, sql, Keys.of(columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return run(begin(sql), Execution.LARGE_UPDATE, sql, Keys.of(columnNames));
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(begin(sql), Execution.EXECUTE, sql, Keys.NONE);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return run(begin(sql), Execution.EXECUTE, sql, Keys.of(autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return run(begin(sql), Execution.EXECUTE, sql, Keys.of(columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return run(begin(sql), Execution.EXECUTE, sql, Keys.of(columnNames));
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        if (batch != null) {
            batch.clear();
        }
    }

    /** Adds this statement's recorded batch to its physical statement (overridden by prepared statements). */
    Statement addBatchTo(Statement s) throws SQLException {
        for (String b : batch) {
            s.addBatch(b);
        }
        return s;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        checkOpen();
        return batch == null || batch.isEmpty() ? new int[0] : runBatch(Execution.BATCH);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        return batch == null || batch.isEmpty() ? new long[0] : runBatch(Execution.LARGE_BATCH);
    }

    private <R> R runBatch(Execution<R> exec) throws SQLException {
        try {
            return run(Batches.of(conn, batch), exec, batch.get(0), Keys.NONE);
        } finally {
            batch.clear();
        }
    }

    // ------------------------------------------------------------------ Statement: results

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        if (currentResult != null) {
            return currentResult;
        }
        if (phys == null) {
            return null;
        }
        ResultSet rs = phys.getResultSet();
        if (rs == null) {
            return null;
        }
        currentResult = new RoutedResultSet(rs, this, this);
        return currentResult;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return phys == null ? -1 : phys.getUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return phys == null ? -1 : phys.getLargeUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        if (phys == null) {
            return false;
        }
        forgetResult();
        return phys.getMoreResults();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (phys == null) {
            return false;
        }
        forgetResult();
        return phys.getMoreResults(current);
    }

    void forgetResult() {
        RoutedResultSet rs = currentResult;
        currentResult = null;
        if (rs != null) {
            rs.markClosedByStatement();
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (phys == null) {
            throw new SQLException("no statement has run that could have generated keys", "HY000");
        }
        return new RoutedResultSet(phys.getGeneratedKeys(), this, null);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return phys == null ? null : phys.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        if (phys != null) {
            phys.clearWarnings();
        }
    }

    @Override
    public void cancel() throws SQLException {
        Statement s = phys;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return shape.concurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return shape.type();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return shape.holdability() >= 0 ? shape.holdability() : conn.getHoldability();
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return conn;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        // Closed before its connection is kept: once kept, another thread may give that connection back.
        keepPhysical = false;
        finishExecution();
        Statement p = parked;
        if (p != null) {
            parked = null;
            parkedOn = null;
            closeQuietly(p);
        }
        conn.statementClosed(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (phys != null && phys.isWrapperFor(iface)) {
            return phys.unwrap(iface);
        }
        throw new SQLException("rwsplit statement does not wrap " + iface.getName()
                + " (outside an execution it holds no physical statement)", "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || (phys != null && phys.isWrapperFor(iface));
    }
}
