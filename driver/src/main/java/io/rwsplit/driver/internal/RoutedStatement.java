package io.rwsplit.driver.internal;

import io.rwsplit.routing.Classification;
import io.rwsplit.routing.LeaseKind;
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
 * <p>An autocommit pure read that fails with a connection error on a replica is retried once on another node:
 * nothing was changed, so the retry is invisible. Nothing else is retried.
 */
public class RoutedStatement implements Statement {
    static final int OP_QUERY = 0;
    static final int OP_UPDATE = 1;
    static final int OP_LARGE_UPDATE = 2;
    static final int OP_EXECUTE = 3;
    static final int OP_BATCH = 4;
    static final int OP_LARGE_BATCH = 5;

    final LogicalConnection conn;
    final int resultSetType;
    final int resultSetConcurrency;
    final int resultSetHoldability;

    // Settings carried to every physical statement (applied only when set).
    private int maxRows = -1;
    private long largeMaxRows = -1;
    private int fetchSize = -1;
    private int fetchDirection = -1;
    private int queryTimeout = -1;
    private int maxFieldSize = -1;
    private int escapeProcessing = -1;
    private int poolable = -1;
    private String cursorName;
    private boolean closeOnCompletion;

    // The current execution.
    private Node node;
    private Connection physConn;
    private boolean owns;
    /** Clock reading of the borrow of an owned connection from its pool. */
    private long borrowedAt;
    /** The session's state version when the connection was attached, and whether it was a kept one. */
    private int stateVersion;
    private boolean wasKept;
    Statement phys;
    private RoutedResultSet currentResult;
    private boolean releaseWithResult;
    /** The current execution succeeded in autocommit: its connection is kept for the session's next statement. */
    private boolean keep;
    /** ... and it changed something on the primary. */
    private boolean keepAfterWrite;
    /** Clock reading of the end of the current execution's execute call. */
    private long executedAt;
    /** ... and its physical statement may serve this statement's next execution on the same connection. */
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

    RoutedStatement(LogicalConnection conn, int resultSetType, int resultSetConcurrency, int resultSetHoldability) {
        this.conn = conn;
        this.resultSetType = resultSetType;
        this.resultSetConcurrency = resultSetConcurrency;
        this.resultSetHoldability = resultSetHoldability;
    }

    // ------------------------------------------------------------------ plumbing used by the connection

    void attach(Node node, Connection c, boolean owns, long borrowedAt, int stateVersion, boolean wasKept) {
        this.node = node;
        this.physConn = c;
        this.owns = owns;
        this.borrowedAt = borrowedAt;
        this.stateVersion = stateVersion;
        this.wasKept = wasKept;
    }

    Node node() {
        return node;
    }

    Connection connection() {
        return physConn;
    }

    boolean ownsConnection() {
        return owns;
    }

    /** The connection keeps the physical connection this statement borrowed (pinning). */
    void disown() {
        owns = false;
    }

    /** The physical connection is going away under this statement: close what runs on it. */
    void detach() {
        closePhysical();
        physConn = null;
        owns = false;
    }

    /**
     * Ends the current execution: closes its physical statement and gives back a borrowed connection, or lets the
     * session keep it for its next statement (and this statement's physical one for its next execution there).
     */
    void finishExecution() {
        if (keep && owns && physConn != null) {
            Node n = node;
            Connection c = physConn;
            owns = false;
            physConn = null;
            keep = false;
            if (keepPhysical && phys != null && closeResultOnly()) {
                parked = phys;
                parkedOn = c;
                phys = null;
            } else {
                closePhysical();
            }
            conn.keep(n, c, stateVersion, executedAt, borrowedAt, keepAfterWrite, wasKept);
            return;
        }
        closePhysical();
        if (owns && physConn != null) {
            Node n = node;
            Connection c = physConn;
            owns = false;
            physConn = null;
            n.release(c);
        }
        keep = false;
        physConn = null;
    }

    /** Ends the current execution on a lost connection it borrowed: the pool closes that connection. */
    private void abandonExecution() {
        closePhysical();
        Node n = node;
        Connection c = physConn;
        owns = false;
        physConn = null;
        keep = false;
        if (n != null && c != null) {
            n.evict(c);
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
    private Statement takeParked(int op) {
        Statement p = parked;
        if (p == null) {
            return null;
        }
        Connection on = parkedOn;
        parked = null;
        parkedOn = null;
        if (on == physConn && op != OP_BATCH && op != OP_LARGE_BATCH) {
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

    /** Whether this statement's physical statement may serve its next execution on the same connection. */
    boolean reusesPhysical() {
        return true;
    }

    /** Makes a parked physical statement like a new one for the next execution (settings are applied anyway). */
    void resetForReuse(Statement p) throws SQLException {
    }

    private void closePhysical() {
        RoutedResultSet rs = currentResult;
        currentResult = null;
        if (rs != null) {
            rs.markClosedByStatement();
        }
        Statement s = phys;
        phys = null;
        if (s != null) {
            closeQuietly(s);
        }
    }

    /** Called when a result set of this statement is closed by the application. */
    void resultClosed(RoutedResultSet rs) throws SQLException {
        if (rs == currentResult) {
            currentResult = null;
            if (releaseWithResult) {
                finishExecution();
            }
            if (closeOnCompletion) {
                close();
            }
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("rwsplit statement");
        }
        conn.checkOpen();
    }

    /** Creates the physical statement for this execution on the routed connection. */
    Statement createPhysical(Connection c) throws SQLException {
        if (resultSetHoldability >= 0) {
            return c.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
        }
        if (resultSetType != ResultSet.TYPE_FORWARD_ONLY || resultSetConcurrency != ResultSet.CONCUR_READ_ONLY) {
            return c.createStatement(resultSetType, resultSetConcurrency);
        }
        return c.createStatement();
    }

    void applySettings(Statement s) throws SQLException {
        if (maxRows >= 0) {
            s.setMaxRows(maxRows);
        }
        if (largeMaxRows >= 0) {
            s.setLargeMaxRows(largeMaxRows);
        }
        if (fetchSize >= 0) {
            s.setFetchSize(fetchSize);
        }
        if (fetchDirection >= 0) {
            s.setFetchDirection(fetchDirection);
        }
        if (queryTimeout >= 0) {
            s.setQueryTimeout(queryTimeout);
        }
        if (maxFieldSize >= 0) {
            s.setMaxFieldSize(maxFieldSize);
        }
        if (escapeProcessing >= 0) {
            s.setEscapeProcessing(escapeProcessing == 1);
        }
        if (poolable >= 0) {
            s.setPoolable(poolable == 1);
        }
        if (cursorName != null) {
            s.setCursorName(cursorName);
        }
    }

    /** Runs one operation on the physical statement. Overridden by prepared statements. */
    Object invoke(int op, String sql, int keys, int[] columnIndexes, String[] columnNames) throws SQLException {
        Statement s = phys;
        switch (op) {
            case OP_QUERY:
                return s.executeQuery(sql);
            case OP_UPDATE:
                if (columnIndexes != null) {
                    return s.executeUpdate(sql, columnIndexes);
                }
                if (columnNames != null) {
                    return s.executeUpdate(sql, columnNames);
                }
                return keys == Statement.RETURN_GENERATED_KEYS ? s.executeUpdate(sql, keys) : s.executeUpdate(sql);
            case OP_LARGE_UPDATE:
                if (columnIndexes != null) {
                    return s.executeLargeUpdate(sql, columnIndexes);
                }
                if (columnNames != null) {
                    return s.executeLargeUpdate(sql, columnNames);
                }
                return keys == Statement.RETURN_GENERATED_KEYS ? s.executeLargeUpdate(sql, keys)
                        : s.executeLargeUpdate(sql);
            case OP_EXECUTE:
                if (columnIndexes != null) {
                    return s.execute(sql, columnIndexes);
                }
                if (columnNames != null) {
                    return s.execute(sql, columnNames);
                }
                return keys == Statement.RETURN_GENERATED_KEYS ? s.execute(sql, keys) : s.execute(sql);
            case OP_BATCH:
                for (String b : batch) {
                    s.addBatch(b);
                }
                return s.executeBatch();
            case OP_LARGE_BATCH:
                for (String b : batch) {
                    s.addBatch(b);
                }
                return s.executeLargeBatch();
            default:
                throw new IllegalStateException("op " + op);
        }
    }

    /**
     * Routes and runs one execution, retrying an autocommit replica read once on another node after a connection
     * failure.
     */
    final Object run(Classification c, String sql, int op, int keys, int[] columnIndexes, String[] columnNames)
            throws SQLException {
        finishExecution();
        Node avoid = null;
        for (int attempt = 0; ; attempt++) {
            Route route = null;
            try {
                route = conn.route(c, avoid);
                conn.open(this, route, c);
            } catch (SQLException e) {
                // Nothing was sent: the node could not lend a connection, or rwsplit refused the statement. A borrow
                // failure has fed the node's breaker already, if NodeHealthRule counts it.
                Node tried = route == null || route.lease() == LeaseKind.USE_HELD ? null : route.node();
                if (tried == null || !NodeHealthRule.isConnectionClass(e)) {
                    throw e;
                }
                if (attempt == 0 && c.isRead() && route.reason().target() == Target.REPLICA) {
                    avoid = tried;
                    continue;
                }
                throw new java.sql.SQLTransientConnectionException("rwsplit: could not get a connection to "
                        + (tried.role() == NodeRole.PRIMARY ? "the primary " : "") + tried.id() + " ("
                        + e.getMessage() + "); the statement was not sent, so retrying it is safe",
                        Errors.UNABLE_TO_CONNECT, e);
            }
            Node ran = node;
            boolean replicaRead = owns && c.isRead() && route.reason().target() == Target.REPLICA;
            try {
                Statement reused = takeParked(op);
                phys = reused != null ? reused : createPhysicalFor(physConn);
                applySettings(phys);
                // The execute call alone is the node's latency: not the borrow, not the time results stay open,
                // not how long a transaction holds the connection. A failure took at least that long too.
                Object result;
                long started = System.nanoTime();
                long ended = started;
                try {
                    result = invoke(op, sql, keys, columnIndexes, columnNames);
                } finally {
                    ended = System.nanoTime();
                    ran.recordExecution(started, ended);
                }
                ran.recordSuccess();
                // The execute call returned at `ended`: its results (or its commit, in autocommit) were in by then.
                conn.afterExecute(this, c, ended);
                keep = owns;
                keepAfterWrite = !c.isRead() && ran.role() == NodeRole.PRIMARY;
                keepPhysical = reusesPhysical() && op != OP_BATCH && op != OP_LARGE_BATCH;
                executedAt = ended;
                boolean wantsKeys = keys == Statement.RETURN_GENERATED_KEYS || columnIndexes != null
                        || columnNames != null;
                releaseWithResult = op == OP_QUERY;
                if (op == OP_QUERY) {
                    currentResult = new RoutedResultSet(this, (ResultSet) result);
                    return currentResult;
                }
                if (!wantsKeys && op != OP_EXECUTE) {
                    finishExecution();
                }
                return result;
            } catch (SQLException e) {
                boolean owned = owns;
                Connection failedOn = physConn;
                // NodeHealthRule: only a connection-class error on a connection that no longer answers is the
                // node's failure; anything else is the node answering, and the connection stays.
                boolean connectionError = ran.failedOn(failedOn, e);
                if (connectionError && owned) {
                    abandonExecution();
                } else {
                    finishExecution();
                }
                conn.afterFailure(this, c, failedOn, connectionError);
                if (connectionError && replicaRead && attempt == 0) {
                    avoid = ran;
                    continue;
                }
                if (connectionError && !c.isRead()) {
                    throw new SQLException("rwsplit: the connection to " + ran.id() + " failed while running a "
                            + c.kind().code() + " statement" + (owned ? "" : " inside a transaction")
                            + "; whether it took effect is unknown, so it was not retried", Errors.CONNECTION_FAILURE,
                            e);
                }
                if (connectionError && !owned) {
                    throw new SQLException("rwsplit: the connection to " + ran.id() + " failed inside a transaction;"
                            + " the transaction is lost and was not retried", Errors.CONNECTION_FAILURE, e);
                }
                throw e;
            }
        }
    }

    Statement createPhysicalFor(Connection c) throws SQLException {
        return createPhysical(c);
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
        return (ResultSet) run(begin(sql), sql, OP_QUERY, Statement.NO_GENERATED_KEYS, null, null);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (Integer) run(begin(sql), sql, OP_UPDATE, Statement.NO_GENERATED_KEYS, null, null);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (Integer) run(begin(sql), sql, OP_UPDATE, autoGeneratedKeys, null, null);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (Integer) run(begin(sql), sql, OP_UPDATE, Statement.NO_GENERATED_KEYS, columnIndexes, null);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (Integer) run(begin(sql), sql, OP_UPDATE, Statement.NO_GENERATED_KEYS, null, columnNames);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return (Long) run(begin(sql), sql, OP_LARGE_UPDATE, Statement.NO_GENERATED_KEYS, null, null);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (Long) run(begin(sql), sql, OP_LARGE_UPDATE, autoGeneratedKeys, null, null);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (Long) run(begin(sql), sql, OP_LARGE_UPDATE, Statement.NO_GENERATED_KEYS, columnIndexes, null);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return (Long) run(begin(sql), sql, OP_LARGE_UPDATE, Statement.NO_GENERATED_KEYS, null, columnNames);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return (Boolean) run(begin(sql), sql, OP_EXECUTE, Statement.NO_GENERATED_KEYS, null, null);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return (Boolean) run(begin(sql), sql, OP_EXECUTE, autoGeneratedKeys, null, null);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return (Boolean) run(begin(sql), sql, OP_EXECUTE, Statement.NO_GENERATED_KEYS, columnIndexes, null);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return (Boolean) run(begin(sql), sql, OP_EXECUTE, Statement.NO_GENERATED_KEYS, null, columnNames);
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

    @Override
    public int[] executeBatch() throws SQLException {
        return (int[]) runBatch(OP_BATCH);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return (long[]) runBatch(OP_LARGE_BATCH);
    }

    private Object runBatch(int op) throws SQLException {
        checkOpen();
        if (batch == null || batch.isEmpty()) {
            return op == OP_BATCH ? (Object) new int[0] : new long[0];
        }
        try {
            return run(conn.classifyBatch(batch), batch.get(0), op, Statement.NO_GENERATED_KEYS, null, null);
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
        currentResult = new RoutedResultSet(this, rs);
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

    private void forgetResult() {
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
        return new RoutedResultSet(this, phys.getGeneratedKeys(), false);
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

    // ------------------------------------------------------------------ Statement: settings

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return Math.max(maxFieldSize, 0);
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max field size must not be negative, but was " + max, "HY024");
        }
        maxFieldSize = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return Math.max(maxRows, 0);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max rows must not be negative, but was " + max, "HY024");
        }
        maxRows = max;
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return largeMaxRows >= 0 ? largeMaxRows : Math.max(maxRows, 0);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max rows must not be negative, but was " + max, "HY024");
        }
        largeMaxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable ? 1 : 0;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return Math.max(queryTimeout, 0);
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("query timeout must not be negative, but was " + seconds, "HY024");
        }
        queryTimeout = seconds;
    }

    @Override
    public void cancel() throws SQLException {
        Statement s = phys;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        cursorName = name;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection >= 0 ? fetchDirection : ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size must not be negative, but was " + rows, "HY024");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return Math.max(fetchSize, 0);
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return resultSetConcurrency;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return resultSetType;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return resultSetHoldability >= 0 ? resultSetHoldability : conn.getHoldability();
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return conn;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable ? 1 : 0;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable == 1;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
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
