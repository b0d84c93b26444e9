package io.rwsplit.driver.internal;

import io.rwsplit.consistency.ConsistencyToken;
import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.SessionFreshness;
import io.rwsplit.driver.RwSplit;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Hint;
import io.rwsplit.routing.Placement;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.RoutingRules;
import io.rwsplit.routing.SessionView;
import io.rwsplit.routing.TransactionControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection an application holds. In autocommit mode each statement runs on a physical connection of the
 * node it is routed to, borrowed from that node's pool; when its results are done the session keeps it for its next
 * statement, which skips the pool if it goes to the same node (see {@link #kept}), and gives it back otherwise, or
 * after a second idle, or when another borrower would wait for it. A transaction holds one physical connection from
 * its first statement to its end; a connection pinned to the primary holds one until it closes.
 *
 * <p>JDBC session state (autocommit, read-only, isolation, catalog, schema, network timeout, holdability, type
 * map) lives here and is applied to each physical connection when it is borrowed; the pool resets it on return.
 * Not thread-safe, like any JDBC connection.
 */
public final class LogicalConnection implements Connection, RwSplitConnection, SessionView {
    private static final Logger log = LoggerFactory.getLogger(LogicalConnection.class);

    final Cluster cluster;
    private final ArrayList<RoutedStatement> statements = new ArrayList<>();

    private boolean closed;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = -1;
    private String catalog;
    private String schema;
    private int networkTimeout = -1;
    private Executor networkTimeoutExecutor;
    private int holdability = -1;
    private Map<String, Class<?>> typeMap;
    private final Properties clientInfo = new Properties();

    /** The physical connection this logical one holds for a transaction or a pin, or null. */
    private Node heldNode;
    private Connection heldConn;
    private boolean txActive;
    private boolean txReadOnly;
    private boolean txWrote;
    private boolean pinned;
    private boolean forcePrimary;

    private Node lastNode;
    private Reason lastReason;

    /**
     * The physical connection of this session's last autocommit statement, kept for its next statement in case
     * that one goes to the same node: it then skips the pool. After a write it also lets {@code LAST_INSERT_ID()},
     * {@code currval}, {@code lastval} and friends see the session that ran the write. Given back when a statement
     * goes elsewhere, when session state changes, at close, or by {@link KeptConnections} (idle for
     * {@link KeptConnections#IDLE_MILLIS}, a borrower of the node that would wait, a retired node).
     */
    final java.util.concurrent.atomic.AtomicReference<Kept> kept = new java.util.concurrent.atomic.AtomicReference<>();
    final java.util.concurrent.atomic.AtomicBoolean keeperRegistered = new java.util.concurrent.atomic.AtomicBoolean();
    /** The kept connection, taken back by the statement being routed; given back if it goes elsewhere. */
    private Kept pendingKept;
    /**
     * Counts changes of JDBC session state: a connection borrowed before the last change (by a statement whose
     * execution was still open) carries the old state, so it is given back rather than kept.
     */
    private int stateVersion;

    /**
     * @param since      clock reading of the statement's end (for the idle limit)
     * @param borrowedAt clock reading of the borrow from the pool (for {@link KeptConnections#MAX_KEEP_NANOS})
     * @param afterWrite kept after a write: reclaimed only when idle, not for another borrower
     */
    record Kept(Node node, Connection connection, long since, long borrowedAt, boolean afterWrite) {
        @Override
        public String toString() {
            return "Kept[" + node.id() + (afterWrite ? ", after a write" : "") + "]";
        }
    }

    /** Replica choice by freshness; also what this session wrote and read (read-your-writes, monotonic reads). */
    private final ReplicaChooser chooser;
    private final SessionFreshness session;

    public LogicalConnection(Cluster cluster) {
        this.cluster = cluster;
        this.chooser = new ReplicaChooser(cluster);
        this.session = chooser.freshness();
    }

    // ------------------------------------------------------------------ routing

    @Override
    public boolean forcedPrimary() {
        return forcePrimary || RwSplit.isPrimaryForced();
    }

    @Override
    public boolean pinnedToPrimary() {
        return pinned;
    }

    @Override
    public boolean inReadWriteTransaction() {
        return txActive ? !txReadOnly : !autoCommit && !readOnly;
    }

    @Override
    public boolean inReadOnlyTransaction() {
        return txActive ? txReadOnly : !autoCommit && readOnly;
    }

    @Override
    public boolean autoCommit() {
        return autoCommit;
    }

    @Override
    public boolean holdsConnection() {
        return heldConn != null;
    }

    @Override
    public boolean heldOnPrimary() {
        return heldNode != null && heldNode == cluster.currentPrimary();
    }

    @Override
    public boolean readOnlyTransactionOpen() {
        return txActive && txReadOnly;
    }

    @Override
    public boolean serializableOnPostgres() {
        return isolation == Connection.TRANSACTION_SERIALIZABLE && cluster.config().vendor().isPostgres();
    }

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
                        + ") inside a read-only transaction running on replica " + heldNode.id()
                        + "; end the transaction or run it on the primary", Errors.READ_ONLY_TRANSACTION);
            }
            return resolve(p, avoid, c.maxLagMillis());
        } catch (SQLException | RuntimeException e) {
            // Nothing runs: the kept connection goes back, as it does when a statement goes elsewhere.
            giveBackKept();
            throw e;
        }
    }

    /** The node of a placement: the held connection's, the primary, or a replica chosen by freshness. */
    private Route resolve(Placement p, Node avoid, long maxLagMillis) throws SQLException {
        switch (p.place()) {
            case HELD:
                return heldNode.route(p.reason(), p.lease());
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
     * Gives the statement the connection of its route: the held one; one for this statement (the kept one if it is
     * on the route's node, else borrowed); or one held from now on, for the transaction the statement opens.
     */
    void open(RoutedStatement st, Route route, Classification c) throws SQLException {
        if (kept.get() != null) {
            pendingKept = kept.getAndSet(null);
        }
        try {
            switch (route.lease()) {
                case USE_HELD:
                    giveBackPendingKept();
                    openTransactionIfDue(c);
                    useHeld(st, route.reason());
                    return;
                case HOLD:
                    hold(route.node());
                    openTransactionIfDue(c);
                    useHeld(st, route.reason());
                    return;
                case ONE_STATEMENT:
                default:
                    borrowFor(st, route.node(), route.reason());
            }
        } finally {
            giveBackPendingKept();
        }
    }

    /** A BEGIN, or the first statement with autocommit off, opens a transaction on the held connection. */
    private void openTransactionIfDue(Classification c) {
        if (txActive) {
            return;
        }
        TransactionControl tc = c.transactionControl();
        if (tc == TransactionControl.BEGIN || tc == TransactionControl.BEGIN_READ_ONLY) {
            startTransaction(tc == TransactionControl.BEGIN_READ_ONLY);
        } else if (tc == TransactionControl.NONE && !autoCommit) {
            startTransaction(readOnly);
        }
    }

    private void giveBackKept() {
        Kept k = kept.getAndSet(null);
        if (k != null) {
            k.node().releaseKept(k.connection());
        }
    }

    private void borrowFor(RoutedStatement st, Node node, Reason r) throws SQLException {
        Kept k = pendingKept;
        if (k != null && k.node() == node) {
            pendingKept = null;
            node.reuseKept();
            st.attach(node, k.connection(), true, k.borrowedAt(), stateVersion, true);
            noteRoute(node, r);
            return;
        }
        giveBackPendingKept();
        Connection c = node.borrow();
        try {
            applySessionState(c, false);
        } catch (SQLException e) {
            giveBackFailed(node, c, e);
            throw e;
        }
        st.attach(node, c, true, System.nanoTime(), stateVersion, false);
        noteRoute(node, r);
    }

    /** A connection on which applying the session's state failed goes back, or is evicted if it is lost. */
    private static void giveBackFailed(Node node, Connection c, SQLException e) {
        if (node.failedOn(c, e)) {
            node.evict(c);
        } else {
            node.release(c);
        }
    }

    /** The kept connection goes back before this session borrows from another node: it may be what others wait for. */
    private void giveBackPendingKept() {
        Kept k = pendingKept;
        if (k != null) {
            pendingKept = null;
            k.node().releaseKept(k.connection());
        }
    }

    /**
     * Takes this session's kept connection for work that is not a routed statement, if it is one of {@code n};
     * null otherwise (it stays kept). {@link #restoreKept} keeps it again afterwards.
     */
    private Kept takeKept(Node n) {
        Kept k = kept.get();
        if (k != null && k.node() == n && kept.compareAndSet(k, null)) {
            n.reuseKept();
            return k;
        }
        return null;
    }

    /** Keeps again a connection {@link #takeKept} lent, as it was (after a write, LAST_INSERT_ID() still comes). */
    private void restoreKept(Kept k) {
        if (closed || !k.node().keep(true)) {
            k.node().release(k.connection());
            return;
        }
        store(k);
    }

    private void store(Kept k) {
        Kept previous = kept.getAndSet(k);
        if (previous != null) {
            previous.node().releaseKept(previous.connection());
        }
        cluster.keepers().track(this);
    }

    private void useHeld(RoutedStatement st, Reason r) {
        st.attach(heldNode, heldConn, false, 0L, stateVersion, false);
        noteRoute(heldNode, r);
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

    private void hold(Node node) throws SQLException {
        Kept k = pendingKept;
        Connection c;
        if (k != null && k.node() == node) {
            pendingKept = null;
            node.reuseKept();
            c = k.connection();
        } else {
            giveBackPendingKept();
            c = node.borrow();
        }
        try {
            applySessionState(c, true);
        } catch (SQLException e) {
            giveBackFailed(node, c, e);
            throw e;
        }
        heldNode = node;
        heldConn = c;
    }

    private void startTransaction(boolean readOnlyTx) {
        txActive = true;
        txReadOnly = readOnlyTx;
        txWrote = false;
    }

    /** Applies this connection's JDBC state to a freshly borrowed physical connection. */
    private void applySessionState(Connection c, boolean forHold) throws SQLException {
        if (forHold && !autoCommit) {
            c.setAutoCommit(false);
        }
        if (readOnly) {
            c.setReadOnly(true);
        }
        if (isolation >= 0) {
            c.setTransactionIsolation(isolation);
        }
        if (catalog != null) {
            c.setCatalog(catalog);
        }
        if (schema != null) {
            c.setSchema(schema);
        }
        if (networkTimeout >= 0) {
            c.setNetworkTimeout(networkTimeoutExecutor, networkTimeout);
        }
        if (holdability >= 0) {
            c.setHoldability(holdability);
        }
        if (typeMap != null) {
            c.setTypeMap(typeMap);
        }
    }

    /**
     * Keeps the connection an autocommit statement borrowed for this session's next statement instead of giving it
     * back now, unless borrowers wait for its pool (after a read, or after a write on a connection that was already
     * kept), session state changed since it was borrowed ({@code version}), it went without visiting its pool for
     * {@link KeptConnections#MAX_KEEP_NANOS}, or this connection is closed.
     */
    void keep(Node node, Connection c, int version, long endedNanos, long borrowedAt, boolean afterWrite,
              boolean wasKept) {
        // After a write the connection stays even if others wait for its pool (LAST_INSERT_ID() and friends come
        // next), but not twice in a row: a session writing in a loop lets waiters in every other statement.
        if (node.lostOnReturn(c)) {
            // A connection-class error on it that no statement judged (while reading results): not kept.
            node.evict(c);
            return;
        }
        if (closed || version != stateVersion || endedNanos - borrowedAt > KeptConnections.MAX_KEEP_NANOS
                || !node.keep(afterWrite && !wasKept)) {
            node.release(c);
            return;
        }
        store(new Kept(node, c, endedNanos, borrowedAt, afterWrite));
    }

    /**
     * Session state changes (or the connection closes): gives back a kept connection, and makes connections
     * borrowed before unkeepable.
     */
    void dropKept() {
        stateVersion++;
        Kept k = kept.getAndSet(null);
        if (k != null) {
            k.node().releaseKept(k.connection());
        }
    }

    /**
     * Called by a statement whose execution succeeded.
     *
     * @param endedNanos the {@link System#nanoTime()} reading taken when the execute call returned
     */
    void afterExecute(RoutedStatement st, Classification c, long endedNanos) {
        Node node = st.node();
        if (c.isRead()) {
            session.onRead(node.id(), endedNanos);
        } else if (!txActive) {
            session.onWriteCommitted(endedNanos);
        }
        boolean onPrimary = node.role() == NodeRole.PRIMARY;
        if (c.pinsSession() && onPrimary && !pinned) {
            pinned = true;
            if (st.ownsConnection()) {
                heldNode = node;
                heldConn = st.connection();
                st.disown();
            }
            log.debug("rwsplit: connection pinned to the primary by a {} statement", c.kind().code());
        }
        if (txActive && !c.isRead()) {
            txWrote = true;
        }
        TransactionControl tc = c.transactionControl();
        if ((tc == TransactionControl.COMMIT || tc == TransactionControl.ROLLBACK) && txActive
                && st.connection() == heldConn) {
            endTransaction(st);
        }
    }

    /**
     * Called by a statement whose execution failed on {@code failedOn}; {@code lost}: {@link NodeHealthRule} found
     * that connection lost. A held connection (transaction, pin) is given up only then: after an SQL error on a
     * connection that still answers, the transaction and the pin stay, as on the database.
     */
    void afterFailure(RoutedStatement st, Classification c, Connection failedOn, boolean lost) {
        if (!c.isRead()) {
            // It may have taken effect: later reads must see it if it did.
            session.onWriteCommitted(System.nanoTime());
        }
        if (lost && failedOn != null && failedOn == heldConn) {
            giveUpHeld();
        }
    }

    /** The held connection is lost: the pool closes it, and the transaction (or pinned state) is gone with it. */
    private void giveUpHeld() {
        releaseHeld(true);
        txActive = false;
        txReadOnly = false;
        txWrote = false;
        pinned = false;
    }

    private void endTransaction(RoutedStatement running) {
        if (txWrote || (heldNode != null && heldNode.role() == NodeRole.PRIMARY && !txReadOnly)) {
            session.onWriteCommitted(System.nanoTime());
        }
        txActive = false;
        txReadOnly = false;
        txWrote = false;
        if (!pinned) {
            if (running != null) {
                running.detach();
            }
            releaseHeld();
        }
    }

    private void releaseHeld() {
        releaseHeld(false);
    }

    private void releaseHeld(boolean evict) {
        if (heldConn != null) {
            for (RoutedStatement s : statements) {
                if (s.connection() == heldConn) {
                    s.detach();
                }
            }
            Node n = heldNode;
            Connection c = heldConn;
            heldNode = null;
            heldConn = null;
            if (evict) {
                n.evict(c);
            } else {
                n.release(c);
            }
        }
    }

    void statementClosed(RoutedStatement st) {
        statements.remove(st);
    }

    private <T extends RoutedStatement> T track(T st) {
        statements.add(st);
        return st;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("rwsplit connection");
        }
    }

    /** A physical connection lent for work that is not a routed statement (metadata, LOB factories). */
    record Aux(Node node, Connection connection, boolean owned, Kept kept) {
    }

    /**
     * A physical connection for work that is not a routed statement: the held one if any, else one borrowed from
     * a replica (metadata needs no primary) or the primary.
     */
    Aux auxiliary(boolean preferReplica) throws SQLException {
        checkOpen();
        if (heldConn != null) {
            return new Aux(heldNode, heldConn, false, null);
        }
        Node n = preferReplica ? resolve(RoutingRules.auxiliaryRead(this), null, -1).node() : cluster.primary();
        Kept own = takeKept(n);
        return own != null ? new Aux(n, own.connection(), true, own) : new Aux(n, n.borrow(), true, null);
    }

    /** Runs {@code call} on a lent connection ({@link #auxiliary}) and gives the connection back. */
    <T> T onLent(boolean preferReplica, SqlFunction<Connection, T> call) throws SQLException {
        Aux aux = auxiliary(preferReplica);
        try {
            return call.apply(aux.connection());
        } finally {
            releaseAuxiliary(aux);
        }
    }

    void releaseAuxiliary(Aux aux) {
        if (aux.kept() != null) {
            restoreKept(aux.kept());
        } else if (aux.owned()) {
            aux.node().release(aux.connection());
        }
    }

    private static final Classification BATCH = batchOf(false);
    private static final Classification BATCH_PINNING = batchOf(true);

    private static Classification batchOf(boolean pins) {
        return new Classification(Reason.WRITE, false, pins, TransactionControl.NONE, Hint.NONE, -1, Set.of());
    }

    /** Batches run on the primary (they return update counts); one that creates session state pins. */
    Classification classifyBatch(List<String> batch) throws SQLException {
        boolean pins = false;
        for (String sql : batch) {
            pins |= classify(sql).pinsSession();
        }
        return pins ? BATCH_PINNING : BATCH;
    }

    Classification batchClassification(Classification single) {
        return single.pinsSession() ? BATCH_PINNING : BATCH;
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
        return pinned;
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
        PositionKind kind = cluster.positionKind();
        if (kind == null) {
            throw new SQLException("rwsplit cannot make a consistency token: no node has answered a probe yet",
                    Errors.UNABLE_TO_CONNECT);
        }
        Node primary = cluster.primaryForReads();
        boolean borrowed = heldConn == null || heldNode != primary;
        // Right after a write, the session's own kept primary connection.
        Kept own = borrowed ? takeKept(primary) : null;
        Connection c = !borrowed ? heldConn : own != null ? own.connection() : primary.borrow();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(kind.primaryPositionQuery())) {
            if (!rs.next()) {
                throw new SQLException("the primary returned no replication position", "HY000");
            }
            return ConsistencyToken.of(kind.parse(rs.getString(1))).format();
        } finally {
            if (own != null) {
                restoreKept(own);
            } else if (borrowed) {
                primary.release(c);
            }
        }
    }

    @Override
    public void requireConsistency(String token) throws SQLException {
        checkOpen();
        ConsistencyToken parsed;
        try {
            parsed = ConsistencyToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new SQLException("rwsplit consistency token is malformed: " + e.getMessage(), Errors.INVALID_OPTION, e);
        }
        PositionKind kind = cluster.positionKind();
        if (kind != null && parsed.kind() != kind) {
            throw new SQLException("rwsplit consistency token is for " + parsed.kind() + " positions, but this cluster"
                    + " reports " + kind, Errors.INVALID_OPTION);
        }
        chooser.require(parsed.position());
    }

    @Override
    public Map<String, Long> replicaLagMillis() {
        return cluster.replicaLagMillis();
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return track(new RoutedStatement(this, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        return track(new RoutedStatement(this, resultSetType, resultSetConcurrency, -1));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        return track(new RoutedStatement(this, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return track(new RoutedPreparedStatement(this, sql, classify(sql), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, -1, Statement.NO_GENERATED_KEYS, null, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return track(new RoutedPreparedStatement(this, sql, classify(sql), resultSetType, resultSetConcurrency, -1,
                Statement.NO_GENERATED_KEYS, null, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return track(new RoutedPreparedStatement(this, sql, classify(sql), resultSetType, resultSetConcurrency,
                resultSetHoldability, Statement.NO_GENERATED_KEYS, null, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return track(new RoutedPreparedStatement(this, sql, classify(sql), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, -1, autoGeneratedKeys, null, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return track(new RoutedPreparedStatement(this, sql, classify(sql), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, -1, Statement.NO_GENERATED_KEYS, columnIndexes, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return track(new RoutedPreparedStatement(this, sql, classify(sql), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, -1, Statement.NO_GENERATED_KEYS, null, columnNames));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return track(new RoutedCallableStatement(this, sql, classify(sql), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, -1));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return track(new RoutedCallableStatement(this, sql, classify(sql), resultSetType, resultSetConcurrency, -1));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return track(new RoutedCallableStatement(this, sql, classify(sql), resultSetType, resultSetConcurrency,
                resultSetHoldability));
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return onLent(true, c -> c.nativeSQL(sql));
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        dropKept();
        if (this.autoCommit == autoCommit) {
            return;
        }
        if (autoCommit && txActive) {
            commit();
        }
        this.autoCommit = autoCommit;
        if (heldConn != null) {
            heldConn.setAutoCommit(autoCommit);
            if (autoCommit && !pinned) {
                releaseHeld();
            }
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (heldConn == null) {
            return;
        }
        if (!txActive && !(pinned && !autoCommit)) {
            return;
        }
        try {
            heldConn.commit();
        } catch (SQLException e) {
            String on = lastNodeId();
            if (heldNode.failedOn(heldConn, e)) {
                session.onWriteCommitted(System.nanoTime());
                giveUpHeld();
                throw new SQLException("rwsplit: the connection to " + on + " failed during COMMIT; "
                        + "whether the transaction committed is unknown", Errors.CONNECTION_FAILURE, e);
            }
            // The node answered (a serialization failure, a deferred constraint): its error, unchanged.
            throw e;
        }
        endTransaction(null);
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (heldConn == null) {
            return;
        }
        if (!txActive && autoCommit) {
            return;
        }
        boolean lost = false;
        try {
            heldConn.rollback();
        } catch (SQLException e) {
            lost = heldNode.failedOn(heldConn, e);
            throw e;
        } finally {
            if (lost) {
                // Gone with the connection: nothing of the transaction can have committed.
                giveUpHeld();
            } else {
                endTransaction(null);
            }
        }
    }

    private String lastNodeId() {
        return heldNode != null ? heldNode.id() : lastNode != null ? lastNode.id() : "?";
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
        if (heldConn == null) {
            if (autoCommit) {
                throw new SQLException("savepoints need a transaction: autocommit is on", "3B001");
            }
            hold(resolve(RoutingRules.transactionStart(this), null, -1).node());
            startTransaction(readOnly);
        }
        return heldConn;
    }

    // ------------------------------------------------------------------ session state

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        dropKept();
        if (txActive && readOnly != this.readOnly) {
            throw new SQLException("rwsplit cannot change read-only inside a transaction", "25001");
        }
        this.readOnly = readOnly;
        if (heldConn != null) {
            heldConn.setReadOnly(readOnly);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        dropKept();
        if (heldConn != null) {
            heldConn.setTransactionIsolation(level);
        }
        this.isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        if (isolation >= 0) {
            return isolation;
        }
        return cluster.defaultIsolation();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        dropKept();
        if (heldConn != null) {
            heldConn.setCatalog(catalog);
        }
        this.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        if (catalog != null) {
            return catalog;
        }
        return cluster.config().database();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        dropKept();
        if (heldConn != null) {
            heldConn.setSchema(schema);
        }
        this.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        if (schema != null) {
            return schema;
        }
        return onLent(true, Connection::getSchema);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("network timeout must not be negative, but was " + milliseconds, "HY024");
        }
        dropKept();
        if (heldConn != null) {
            heldConn.setNetworkTimeout(executor, milliseconds);
        }
        this.networkTimeout = milliseconds;
        this.networkTimeoutExecutor = executor;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return Math.max(networkTimeout, 0);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        dropKept();
        if (heldConn != null) {
            heldConn.setHoldability(holdability);
        }
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability >= 0 ? holdability : ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap == null ? new HashMap<>() : typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        dropKept();
        if (heldConn != null) {
            heldConn.setTypeMap(map);
        }
        this.typeMap = map;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) {
            clientInfo.putAll(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        p.putAll(clientInfo);
        return p;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return heldConn == null ? null : heldConn.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        if (heldConn != null) {
            heldConn.clearWarnings();
        }
    }

    // ------------------------------------------------------------------ metadata and factories

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new RoutedDatabaseMetaData(this);
    }

    @Override
    public Clob createClob() throws SQLException {
        return onLent(false, Connection::createClob);
    }

    @Override
    public Blob createBlob() throws SQLException {
        return onLent(false, Connection::createBlob);
    }

    @Override
    public NClob createNClob() throws SQLException {
        return onLent(false, Connection::createNClob);
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return onLent(false, Connection::createSQLXML);
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return onLent(false, c -> c.createArrayOf(typeName, elements));
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return onLent(false, c -> c.createStruct(typeName, attributes));
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
        return heldConn == null || heldConn.isValid(timeout);
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        for (RoutedStatement s : new ArrayList<>(statements)) {
            try {
                s.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        statements.clear();
        dropKept();
        if (heldConn != null) {
            try {
                if (!heldConn.getAutoCommit()) {
                    heldConn.rollback();
                }
            } catch (SQLException e) {
                // The pool rolls back and resets on return; a broken connection is evicted there.
            }
            // A pinned connection carries state (variables, temporary tables, locks) no other session may inherit.
            releaseHeld(pinned);
        }
        txActive = false;
        pinned = false;
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

    // ------------------------------------------------------------------ wrapper

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (heldConn != null && heldConn.isWrapperFor(iface)) {
            return heldConn.unwrap(iface);
        }
        throw new SQLException("rwsplit connection does not wrap " + iface.getName()
                + " (it holds no single physical connection; unwrap to " + RwSplitConnection.class.getName() + ")",
                "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || (heldConn != null && heldConn.isWrapperFor(iface));
    }

    @Override
    public String toString() {
        return "RwSplitConnection[" + cluster.config().displayUrl() + (closed ? ", closed" : "")
                + (txActive ? ", in transaction on " + heldNode.id() : "") + (pinned ? ", pinned" : "") + "]";
    }
}
