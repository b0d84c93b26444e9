package io.rwsplit.driver.internal;

import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.internal.RwSplitLoggers;
import io.rwsplit.driver.RwSplit;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.internal.jdbc.Lender;
import io.rwsplit.driver.internal.jdbc.RoutedDatabaseMetaData;
import io.rwsplit.driver.internal.jdbc.RoutedResultSet;
import io.rwsplit.driver.internal.jdbc.SqlFunction;
import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Placement;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.RoutingRules;
import io.rwsplit.routing.SessionSet;
import io.rwsplit.routing.SessionView;
import org.slf4j.Logger;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The connection an application holds. Each execution of a statement is routed ({@link #route}: the routing rules,
 * then the replica choice) and gets its physical connection from {@link SessionConnections}, which owns every physical
 * connection of the session: in autocommit one per statement (kept for the next statement on the same node), from a
 * transaction's first statement to its end one held, and while pinned to the primary one held until close. The
 * transaction and pin state machine is {@link SessionTransaction}; the JDBC session state and the calls made on a lent
 * connection are {@link StatefulConnection}; this class routes, creates statements and closes. Not thread-safe, like
 * any JDBC connection.
 */
public final class LogicalConnection extends StatefulConnection implements RwSplitConnection, SessionView, Lender {
    private static final Logger log = RwSplitLoggers.get(LogicalConnection.class);

    final Cluster cluster;
    private final SessionConnections connections;
    /** Replica choice by freshness; also what this session wrote and read (read-your-writes, monotonic reads). */
    private final ReplicaChooser chooser;
    private final ArrayList<RoutedStatement> statements = new ArrayList<>();

    private final SessionTransaction tx;
    /** The session statements replayed on every connection the session uses. */
    private final SessionHistory history;
    /** The entries of the replayable statement being executed ({@link #sessionStatement}), or null. */
    private SessionSet pendingSet;
    private boolean closed;
    private boolean forcePrimary;
    private Node lastNode;
    private Reason lastReason;

    public LogicalConnection(Cluster cluster) {
        this.cluster = cluster;
        this.history = new SessionHistory(cluster.config().vendor().dialect(), cluster.sessionMetrics());
        this.connections = new SessionConnections(state, cluster.keepers(), history, cluster.config().vendor(),
                cluster.sessionMetrics());
        this.chooser = new ReplicaChooser(cluster, connections);
        this.tx = new SessionTransaction(connections, state, chooser.freshness(), cluster.sessionMetrics(), held -> {
            for (RoutedStatement s : statements) {
                s.detachFrom(held);
            }
        });
    }

    // ------------------------------------------------------------------ what the routing rules see

    @Override
    public boolean forcedPrimary() {
        return forcePrimary || RwSplit.isPrimaryForced();
    }

    @Override
    public boolean pinnedToPrimary() {
        return tx.pinned();
    }

    @Override
    public boolean inReadWriteTransaction() {
        return tx.inReadWrite();
    }

    @Override
    public boolean inReadOnlyTransaction() {
        return tx.inReadOnly();
    }

    @Override
    public boolean autoCommit() {
        return state.autoCommit;
    }

    @Override
    public boolean holdsConnection() {
        return connections.held() != null;
    }

    @Override
    public boolean heldOnPrimary() {
        Lease held = connections.held();
        return held != null && held.node == cluster.currentPrimary();
    }

    @Override
    public boolean readOnlyTransactionOpen() {
        return tx.readOnlyOpen();
    }

    @Override
    public boolean serializableOnPostgres() {
        return state.isolation == Connection.TRANSACTION_SERIALIZABLE && cluster.config().vendor().isPostgres();
    }

    // ------------------------------------------------------------------ the per-statement path (see RoutedStatement#run)

    Classification classify(String sql) throws SQLException {
        checkOpen();
        Classification c = cluster.classifier().classify(sql);
        String invalid = c.invalidText();
        if (invalid != null) {
            throw new java.sql.SQLDataException("rwsplit refuses the statement, it was not sent: " + invalid,
                    Classification.INVALID_TEXT_SQLSTATE);
        }
        String hintError = c.hintError();
        if (hintError != null) {
            throw new SQLException(hintError, Errors.SYNTAX);
        }
        return c;
    }

    /**
     * Where one execution of {@code c} runs: the routing rules' placement, its replica chosen by freshness. Refuses
     * (25006) a statement that is not a pure read inside a read-only transaction running on a replica.
     *
     * @param avoid a node that just failed this statement, or null
     */
    Route route(Classification c, Node avoid) throws SQLException {
        checkOpen();
        Placement p = RoutingRules.route(c, this);
        try {
            if (p.place() == Placement.Place.REFUSED) {
                throw new SQLException("rwsplit refuses a statement that is not a pure read (" + c.kind().code()
                        + ") inside a read-only transaction running on replica " + connections.held().node.id()
                        + "; end the transaction or run it on the primary", Errors.READ_ONLY_TRANSACTION);
            }
            return resolve(p, avoid, c.maxLagMillis());
        } catch (SQLException | RuntimeException e) {
            // Nothing runs: the kept connection goes back, as it does when a statement goes elsewhere.
            connections.giveBackKept();
            throw e;
        }
    }

    /** The node of a placement: the held connection's, the primary, or a replica chosen by freshness. */
    private Route resolve(Placement p, Node avoid, long maxLagMillis) throws SQLException {
        switch (p.place()) {
            case HELD:
                return connections.held().node.route(p.reason(), p.lease());
            case PRIMARY:
                return cluster.primary().route(p.reason(), p.lease());
            case PRIMARY_FOR_READS:
                return cluster.primaryForReads().route(p.reason(), p.lease());
            case REPLICA:
                return chooser.choose(p.reason(), p.lease(), avoid, maxLagMillis);
            default:
                throw new IllegalStateException("no node for " + p);
        }
    }

    /**
     * The connection of a route: the held one; one for this statement (the kept one if it is on the route's node,
     * else borrowed); or one held from now on, for the transaction the statement opens. Counts the route.
     */
    Lease lease(Route route, Classification c) throws SQLException {
        Lease lease;
        switch (route.lease()) {
            case USE_HELD:
                lease = connections.useHeld();
                tx.openIfDue(c);
                break;
            case HOLD:
                lease = connections.hold(route.node());
                tx.openIfDue(c);
                break;
            case ONE_STATEMENT:
            default:
                lease = connections.forStatement(route.node());
        }
        noteRoute(lease.node, route.reason());
        return lease;
    }

    private void noteRoute(Node node, Reason r) {
        lastNode = node;
        lastReason = r;
        cluster.count(r);
        node.countRoute(r);
        if (log.isDebugEnabled()) {
            log.debug("rwsplit route: {} -> {} ({})", r.code(), node.id(), r.target());
        }
    }

    /**
     * A {@link Classification#replayable()} statement about to run: its entries, read from its text, are kept for
     * {@link #afterExecute}; it pins instead ({@link Classification#pinningInstead()}) when the text is not
     * replayable after all, when the history is full, or on PostgreSQL inside a transaction (a rollback would undo
     * it there).
     */
    Classification sessionStatement(Classification c, String sql) {
        SessionSet s = cluster.classifier().sessionSet(sql);
        if (s == null || !history.fits(s)
                || cluster.config().vendor().isPostgres() && (tx.active() || !state.autoCommit)) {
            pendingSet = null;
            return c.pinningInstead();
        }
        pendingSet = s;
        return c;
    }

    /** Freshness floors, the pin, the transaction's end: {@link SessionTransaction#afterExecute}. */
    Lease afterExecute(Lease lease, Classification c, long endedNanos) {
        if (c.replayable()) {
            // A session SET of constants ran: recorded, for every connection the session uses from now on. It
            // neither reads nor writes data: no freshness floor moves.
            SessionSet s = pendingSet;
            pendingSet = null;
            if (s != null) {
                history.apply(s);
                connections.recorded(lease);
            }
            return lease;
        }
        return tx.afterExecute(lease, c, endedNanos);
    }

    void afterFailure(Lease lease, Classification c, boolean lost) {
        tx.afterFailure(lease, c, lost);
    }

    SessionConnections connections() {
        return connections;
    }

    // ------------------------------------------------------------------ transactions and pins

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        stateChanging();
        if (state.autoCommit == autoCommit) {
            return;
        }
        if (autoCommit && tx.active()) {
            commit();
        }
        state.autoCommit = autoCommit;
        Connection held = heldConnection();
        if (held != null) {
            held.setAutoCommit(autoCommit);
            if (autoCommit) {
                tx.autoCommitOn();
            }
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return state.autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        tx.commit();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        tx.rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return heldForTransaction().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return heldForTransaction().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        heldForTransaction().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        heldForTransaction().releaseSavepoint(savepoint);
    }

    /** The transaction's physical connection, opening the transaction if autocommit is off and none is open. */
    private Connection heldForTransaction() throws SQLException {
        checkOpen();
        if (connections.held() == null) {
            if (state.autoCommit) {
                throw new SQLException("savepoints need a transaction: autocommit is on", "3B001");
            }
            connections.hold(resolve(RoutingRules.transactionStart(this), null, -1).node());
            tx.start(state.readOnly);
        }
        return connections.held().connection;
    }

    // ------------------------------------------------------------------ StatefulConnection

    @Override
    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("rwsplit connection");
        }
    }

    @Override
    Connection heldConnection() {
        Lease held = connections.held();
        return held == null ? null : held.connection;
    }

    @Override
    boolean transactionActive() {
        return tx.active();
    }

    @Override
    void stateChanging() {
        state.changed();
        connections.giveBackKept();
    }

    @Override
    String defaultCatalog() {
        return cluster.config().database();
    }

    @Override
    int defaultIsolation() throws SQLException {
        return cluster.defaultIsolation();
    }

    /**
     * A physical connection for work that is not a routed statement (metadata, LOB factories), for one call: the
     * held one if any, else a replica's (metadata needs no primary) or the primary's. {@link #giveBackLent} after.
     */
    Lease lend(boolean preferReplica) throws SQLException {
        checkOpen();
        Lease held = connections.held();
        if (held != null) {
            return held;
        }
        return connections.lend(preferReplica ? resolve(RoutingRules.auxiliaryRead(this), null, -1).node()
                : cluster.primary());
    }

    void giveBackLent(Lease lease) {
        connections.giveBackLent(lease);
    }

    @Override
    public <T> T onLent(boolean preferReplica, SqlFunction<Connection, T> call) throws SQLException {
        Lease lease = lend(preferReplica);
        try {
            return call.apply(lease.connection);
        } finally {
            giveBackLent(lease);
        }
    }

    @Override
    public ResultSet lentRows(SqlFunction<DatabaseMetaData, ResultSet> call) throws SQLException {
        Lease lent = lend(true);
        try {
            return new RoutedResultSet(call.apply(lent.connection.getMetaData()), null, rs -> giveBackLent(lent));
        } catch (SQLException | RuntimeException e) {
            giveBackLent(lent);
            throw e;
        }
    }

    // ------------------------------------------------------------------ RwSplitConnection

    @Override
    public void setForcePrimary(boolean force) {
        this.forcePrimary = force;
    }

    @Override
    public boolean isForcePrimary() {
        return forcePrimary;
    }

    @Override
    public boolean isPinnedToPrimary() {
        return tx.pinned();
    }

    @Override
    public String lastNode() {
        return lastNode == null ? null : lastNode.id();
    }

    @Override
    public Reason lastReason() {
        return lastReason;
    }

    @Override
    public String consistencyToken() throws SQLException {
        checkOpen();
        PositionKind kind = ConsistencyTokens.kindOf(cluster);
        // The held connection if it is on the primary; right after a write, the session's own kept primary connection.
        Lease lease = connections.lend(cluster.primaryForReads());
        try {
            return ConsistencyTokens.read(lease.connection, kind);
        } finally {
            giveBackLent(lease);
        }
    }

    @Override
    public void requireConsistency(String token) throws SQLException {
        checkOpen();
        chooser.require(ConsistencyTokens.parse(token, cluster.positionKind()));
    }

    @Override
    public void resetSession() throws SQLException {
        checkOpen();
        if (tx.active()) {
            throw new SQLException("rwsplit cannot reset the session inside a transaction; commit or roll back first",
                    "25000");
        }
        resetRequest();
    }

    /**
     * JDBC 4.3: a pool tells the driver that a request ended (HikariCP with
     * {@code -Dcom.zaxxer.hikari.enableRequestBoundaries=true}, Agroal, Oracle UCP): the session is reset for the
     * next borrower ({@link #resetSession()}). Inside a transaction (the pool did not end it) nothing is reset.
     */
    @Override
    public void endRequest() throws SQLException {
        if (closed || tx.active()) {
            return;
        }
        resetRequest();
    }

    private void resetRequest() {
        for (RoutedStatement s : statements) {
            s.finishExecution();
        }
        history.clear();
        pendingSet = null;
        tx.resetPin();
        stateChanging(); // the kept connection goes back, reset if it carries replayed state
        chooser.freshness().reset();
        forcePrimary = false;
        clearClientInfo();
    }

    @Override
    void clientInfoChanged(String name, String value) {
        // pgjdbc sends ApplicationName to the server as application_name: so does rwsplit, to every node used.
        if (cluster.config().vendor().isPostgres() && "ApplicationName".equals(name)) {
            String v = value == null ? "" : value;
            stateChanging();
            if (v.isEmpty()) {
                history.apply(new SessionSet.Entry("application_name", SessionSet.Op.RESET,
                        "RESET application_name"));
            } else {
                history.apply(new SessionSet.Entry("application_name", SessionSet.Op.SET,
                        "SET application_name = '" + v.replace("'", "''") + "'"));
            }
            Lease held = connections.held();
            if (held != null) {
                try (Statement s = held.connection.createStatement()) {
                    s.execute(v.isEmpty() ? "RESET application_name"
                            : "SET application_name = '" + v.replace("'", "''") + "'");
                    held.replayed(!history.isEmpty());
                } catch (SQLException e) {
                    log.debug("rwsplit: application_name not set on the held connection", e);
                }
            }
        }
    }

    @Override
    public Map<String, Long> replicaLagMillis() {
        return cluster.replicaLagMillis();
    }

    // ------------------------------------------------------------------ statements (one creation path: StatementShape)

    private <T extends RoutedStatement> T track(T st) {
        statements.add(st);
        return st;
    }

    void statementClosed(RoutedStatement st) {
        statements.remove(st);
    }

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, -1);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        return track(new RoutedStatement(this, StatementShape.plain(resultSetType, resultSetConcurrency,
                resultSetHoldability)));
    }

    private PreparedStatement prepare(String sql, StatementShape shape) throws SQLException {
        return track(new RoutedPreparedStatement(this, shape, sql, classify(sql)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, StatementShape.prepared(StatementShape.Keys.NONE));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepare(sql, StatementShape.prepared(resultSetType, resultSetConcurrency, -1));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return prepare(sql, StatementShape.prepared(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, StatementShape.prepared(StatementShape.Keys.of(autoGeneratedKeys)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, StatementShape.prepared(StatementShape.Keys.of(columnIndexes)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, StatementShape.prepared(StatementShape.Keys.of(columnNames)));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareCall(sql, resultSetType, resultSetConcurrency, -1);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return track(new RoutedCallableStatement(this, StatementShape.callable(resultSetType,
                resultSetConcurrency, resultSetHoldability), sql, classify(sql)));
    }

    // ------------------------------------------------------------------ metadata and factories

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new RoutedDatabaseMetaData(this, this, cluster.config().displayUrl(), cluster.config().user());
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("isValid timeout must not be negative, but was " + timeout, "HY024");
        }
        if (closed || cluster.isClosed()) {
            return false;
        }
        Connection held = heldConnection();
        return held == null || held.isValid(timeout);
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        connections.markClosed();
        SQLException failure = null;
        for (RoutedStatement s : new ArrayList<>(statements)) {
            try {
                s.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        statements.clear();
        stateChanging();
        Connection held = heldConnection();
        if (held != null) {
            try {
                if (!held.getAutoCommit()) {
                    held.rollback();
                }
            } catch (SQLException e) {
                // The pool rolls back and resets on return; a broken connection is evicted there.
            }
        }
        tx.close();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        close();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        Connection held = heldConnection();
        if (held != null && held.isWrapperFor(iface)) {
            return held.unwrap(iface);
        }
        throw new SQLException("rwsplit connection does not wrap " + iface.getName()
                + " (it holds no single physical connection; unwrap to " + RwSplitConnection.class.getName() + ")",
                "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        Connection held = heldConnection();
        return iface.isInstance(this) || (held != null && held.isWrapperFor(iface));
    }

    @Override
    public String toString() {
        Lease held = connections.held();
        return "RwSplitConnection[" + cluster.config().displayUrl() + (closed ? ", closed" : "")
                + (tx.active() && held != null ? ", in transaction on " + held.node.id() : "")
                + (tx.pinned() ? ", pinned" : "") + "]";
    }
}
