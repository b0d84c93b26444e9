package io.rwsplit.driver.internal;

import io.rwsplit.consistency.ConsistencyToken;
import io.rwsplit.consistency.FreshnessTracker;
import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;
import io.rwsplit.consistency.SessionFreshness;
import io.rwsplit.consistency.StalenessGate;
import io.rwsplit.driver.RwSplit;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Hint;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.RoutingRules;
import io.rwsplit.routing.SessionView;
import io.rwsplit.routing.Target;
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
    private final ReplicaSelection selection = new ReplicaSelection();
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
    /** Reason chosen by the last {@link #chooseNode} call (a replica read may fall back to the primary). */
    private Reason chosenReason;
    /** The node the current route tried to borrow from, or null when it used a held connection. */
    private Node attemptNode;
    private Reason attemptReason;

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

    /** Read-your-writes and monotonic reads for this session. */
    private final SessionFreshness session;
    /** A consistency token's position not yet turned into a freshness floor, or null. */
    private ReplicationPosition requiredPosition;
    /**
     * Freshness floor from consistency tokens: replicas must be fresh as of this clock reading. Independent of
     * {@code readYourWrites}, which governs only the session's own writes and reads.
     */
    private boolean hasTokenFloor;
    private long tokenFloorNanos;

    public LogicalConnection(Cluster cluster) {
        this.cluster = cluster;
        FreshnessTracker tracker = cluster.tracker();
        this.session = new SessionFreshness(cluster.config().readYourWrites() ? SessionFreshness.Mode.SESSION
                : SessionFreshness.Mode.OFF, tracker::isPrimary);
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
     * Decides where one execution of {@code c} runs and gives the statement its physical connection: either this
     * connection's held one, or one the statement borrows and must give back ({@link RoutedStatement#ownsConnection}).
     *
     * @param avoid a node that just failed this statement, or null
     */
    void route(RoutedStatement st, Classification c, Node avoid) throws SQLException {
        checkOpen();
        attemptNode = null;
        if (kept.get() != null) {
            pendingKept = kept.getAndSet(null);
        }
        try {
            routeNow(st, c, avoid);
        } finally {
            giveBackPendingKept();
        }
    }

    private void routeNow(RoutedStatement st, Classification c, Node avoid) throws SQLException {
        TransactionControl tc = c.transactionControl();
        if (tc != TransactionControl.NONE) {
            routeTransactionControl(st, c, tc);
            return;
        }
        Reason r = RoutingRules.decide(c, this);
        if (heldConn != null) {
            if (txActive && txReadOnly && heldNode != cluster.currentPrimary()) {
                if (r.target() == Target.REPLICA) {
                    useHeld(st, r);
                    return;
                }
                if (!c.isRead()) {
                    throw new SQLException("rwsplit refuses a statement that is not a pure read ("
                            + c.kind().code() + ") inside a read-only transaction running on replica "
                            + heldNode.id() + "; end the transaction or run it on the primary",
                            Errors.READ_ONLY_TRANSACTION);
                }
                // A critical or primary-hinted read inside a replica transaction: fresh, on the primary, outside
                // the replica's snapshot.
                borrowFor(st, cluster.primaryForReads(), r);
                return;
            }
            if (!autoCommit && !txActive) {
                startTransaction(readOnly);
            }
            useHeld(st, heldNode == cluster.currentPrimary() || r.target() == Target.REPLICA ? r : Reason.PINNED);
            return;
        }
        Node node = chooseNode(r, avoid, c.maxLagMillis(), c.isRead() && !inReadWriteTransaction());
        if (!autoCommit) {
            hold(node);
            startTransaction(readOnly);
            useHeld(st, chosenReason);
            return;
        }
        borrowFor(st, node, chosenReason);
    }

    private void routeTransactionControl(RoutedStatement st, Classification c, TransactionControl tc)
            throws SQLException {
        switch (tc) {
            case BEGIN:
            case BEGIN_READ_ONLY: {
                boolean ro = tc == TransactionControl.BEGIN_READ_ONLY;
                if (heldConn == null) {
                    Reason r = ro && !forcedPrimary() ? Reason.READ_ONLY_TRANSACTION : Reason.TRANSACTION_CONTROL;
                    Node node = chooseNode(r, null, c.maxLagMillis(), ro);
                    hold(node);
                    useHeld(st, chosenReason);
                } else {
                    useHeld(st, Reason.TRANSACTION_CONTROL);
                }
                if (!txActive) {
                    startTransaction(ro);
                }
                return;
            }
            case COMMIT:
            case ROLLBACK:
            case SAVEPOINT:
            default:
                if (heldConn != null) {
                    useHeld(st, txActive && txReadOnly ? Reason.READ_ONLY_TRANSACTION : Reason.TRANSACTION_CONTROL);
                } else {
                    borrowFor(st, cluster.primary(), Reason.TRANSACTION_CONTROL);
                }
        }
    }

    /**
     * Picks the node for a reason: the primary for primary reasons; for replica reasons, a replica chosen by the
     * load balancer among those that are up, fresh enough for the bound (the statement's hint, the thread's
     * {@link RwSplit#maxLag} scope, or {@code maxReplicaLag} with hysteresis) and fresh past this session's own
     * writes and reads; else the primary, with the reason none qualified. Sets {@link #chosenReason}.
     */
    private Node chooseNode(Reason r, Node avoid, long maxLagMillis, boolean readOnlyWork) throws SQLException {
        if (r.target() == Target.PRIMARY) {
            chosenReason = r;
            // A read (a critical table, a hint) may use the primary even while writes are refused.
            return readOnlyWork ? cluster.primaryForReads() : cluster.primary();
        }
        if (isolation == Connection.TRANSACTION_SERIALIZABLE && cluster.config().vendor().isPostgres()) {
            chosenReason = Reason.SERIALIZABLE;
            return cluster.primaryForReads();
        }
        // Test targets that do not replicate (H2, stub) have no freshness: every usable replica qualifies.
        boolean measured = cluster.measuresFreshness();
        FreshnessTracker tracker = cluster.tracker();
        StalenessGate gate = cluster.gate();
        if (requiredPosition != null && measured) {
            applyRequiredPosition(tracker);
        }
        long bound = maxLagMillis >= 0 ? maxLagMillis : RwSplit.currentMaxLagMillis();
        long boundNanos = bound >= 0 ? bound * 1_000_000L : -1;
        // One clock reading for both staleness and the balancer's latency estimates.
        long clockNow = System.nanoTime();
        long now = cluster.freshnessNow(clockNow);
        int up = 0;
        int fresh = 0;
        selection.clear(clockNow);
        for (Node n : cluster.nodes()) {
            if (n == avoid || !cluster.replicaUsable(n)) {
                continue;
            }
            up++;
            if (!measured) {
                fresh++;
                selection.add(n);
                continue;
            }
            String id = n.id();
            // One look-up per replica: staleness is derived from the same reading (replicas are never the primary).
            long freshAsOf = tracker.freshAsOfNanos(id);
            long staleness = freshAsOf == FreshnessTracker.UNKNOWN ? Long.MAX_VALUE : Math.max(0L, now - freshAsOf);
            boolean freshEnough = boundNanos >= 0 ? StalenessGate.withinBound(staleness, boundNanos)
                    : gate.admits(id, staleness);
            if (!freshEnough) {
                continue;
            }
            fresh++;
            if (requiredPosition != null || freshAsOf == FreshnessTracker.UNKNOWN
                    || (hasTokenFloor && freshAsOf - tokenFloorNanos < 0)) {
                continue;
            }
            if (session.mayRead(id, freshAsOf)) {
                selection.add(n);
            }
        }
        if (selection.size() == 0) {
            chosenReason = up == 0 ? Reason.NO_REPLICA_AVAILABLE
                    : fresh == 0 ? Reason.ALL_REPLICAS_STALE : Reason.READ_YOUR_WRITES;
            return cluster.primaryForReads();
        }
        chosenReason = r;
        return selection.size() == 1 ? selection.get(0) : selection.get(cluster.balancer().choose(selection));
    }

    /** Once the primary samples cover a token's position, the token becomes an ordinary freshness floor. */
    private void applyRequiredPosition(FreshnessTracker tracker) {
        long coveredAt = tracker.sampleTimeCovering(requiredPosition);
        if (coveredAt != FreshnessTracker.UNKNOWN) {
            if (!hasTokenFloor || coveredAt - tokenFloorNanos > 0) {
                tokenFloorNanos = coveredAt;
                hasTokenFloor = true;
            }
            requiredPosition = null;
        }
    }

    private void borrowFor(RoutedStatement st, Node node, Reason r) throws SQLException {
        attemptNode = node;
        attemptReason = r;
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
        attemptNode = node;
        attemptReason = chosenReason;
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

    /** The node the last route tried to borrow from (null if it used a held connection), and why. */
    Node attemptNode() {
        return attemptNode;
    }

    Reason attemptReason() {
        return attemptReason;
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
        Node n = preferReplica ? chooseNode(Reason.READ, null, -1, true) : cluster.primary();
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
        requiredPosition = parsed.position();
        applyRequiredPosition(cluster.tracker());
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
            Reason r = readOnly && !forcedPrimary() ? Reason.READ_ONLY_TRANSACTION : Reason.TRANSACTION;
            hold(chooseNode(r, null, -1, readOnly));
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
