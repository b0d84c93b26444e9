package io.rwsplit.driver.routing;

import io.rwsplit.driver.RwSplit;
import io.rwsplit.driver.routing.StubCluster.Kind;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.rwsplit.driver.routing.StubCluster.rw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Where statements run" table, row by row, in each session state, over stub clusters of a primary
 * and two replicas: {@code jdbc:rwsplit:stub://} (MySQL dialect) and {@code jdbc:rwsplit:postgresql://} over stub
 * nodes (PostgreSQL dialect, measured lag). Every case asserts the node that ran the statement and the reason.
 * Rows that need lag (stale replicas, {@code max-lag} hints that exclude one), SERIALIZABLE, no replica and retries
 * are in {@link FreshnessAndFailureStubTest} and {@link RetryStubTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingTableStubTest {
    /**
     * One statement of the table. {@code reason} is where it runs in autocommit (its target: primary or a replica);
     * {@code read} whether it is a pure read (allowed inside a read-only transaction on a replica).
     */
    record Row(String name, String mysql, String postgresql, Reason reason, boolean read) {
        /** The text for {@code kind}'s dialect, or null if it has none. */
        String sql(Kind kind) {
            return kind.sql(mysql, postgresql);
        }

        boolean pinsSession() {
            return reason == Reason.SESSION_STATE;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Row row(String name, String sql, Reason reason, boolean read) {
        return new Row(name, sql, sql, reason, read);
    }

    private static Row row(String name, String mysql, String postgresql, Reason reason, boolean read) {
        return new Row(name, mysql, postgresql, reason, read);
    }

    /** The table, in the README's order; null where a dialect has no such statement. */
    static final List<Row> TABLE = List.of(
            // plain SELECT, SHOW, EXPLAIN, DESCRIBE in autocommit: a fresh replica
            row("plain SELECT", "SELECT name FROM products WHERE id = 1", Reason.READ, true),
            row("SHOW", "SHOW TABLES", "SHOW search_path", Reason.READ, true),
            row("EXPLAIN", "EXPLAIN SELECT name FROM products WHERE id = 1", Reason.READ, true),
            row("DESCRIBE", "DESCRIBE products", null, Reason.READ, true),
            // INSERT, UPDATE, DELETE, REPLACE, MERGE, DDL, CALL, SELECT ... INTO: primary
            row("INSERT", "INSERT INTO orders (customer_id, total) VALUES (7, 1.00)", Reason.WRITE, false),
            row("UPDATE", "UPDATE products SET name = 'pear' WHERE id = 1", Reason.WRITE, false),
            row("DELETE", "DELETE FROM orders WHERE id = 1", Reason.WRITE, false),
            row("REPLACE", "REPLACE INTO products (id, name) VALUES (9, 'fig')", null, Reason.WRITE, false),
            row("MERGE", null, "MERGE INTO products p USING (SELECT 9 AS id) s ON p.id = s.id"
                    + " WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, 'fig')", Reason.WRITE, false),
            row("DDL", "CREATE TABLE audit (id INT)", Reason.DDL, false),
            row("CALL", "CALL touch_product(1)", Reason.CALL, false),
            row("SELECT ... INTO", "SELECT name FROM products WHERE id = 1 INTO OUTFILE '/tmp/names'",
                    "SELECT * INTO products_copy FROM products", Reason.SELECT_INTO, false),
            // locking reads: primary
            row("FOR UPDATE", "SELECT name FROM products WHERE id = 1 FOR UPDATE", Reason.LOCKING_READ, false),
            row("FOR SHARE", "SELECT name FROM products WHERE id = 1 FOR SHARE", Reason.LOCKING_READ, false),
            row("FOR NO KEY UPDATE", null, "SELECT name FROM products WHERE id = 1 FOR NO KEY UPDATE",
                    Reason.LOCKING_READ, false),
            row("FOR KEY SHARE", null, "SELECT name FROM products WHERE id = 1 FOR KEY SHARE",
                    Reason.LOCKING_READ, false),
            row("LOCK IN SHARE MODE", "SELECT name FROM products WHERE id = 1 LOCK IN SHARE MODE", null,
                    Reason.LOCKING_READ, false),
            // reads calling functions with side effects: primary
            row("nextval", null, "SELECT nextval('orders_id_seq')", Reason.SIDE_EFFECT, false),
            row("setval", null, "SELECT setval('orders_id_seq', 100)", Reason.SIDE_EFFECT, false),
            row("currval", null, "SELECT currval('orders_id_seq')", Reason.SIDE_EFFECT, false),
            row("lastval", null, "SELECT lastval()", Reason.SIDE_EFFECT, false),
            row("LAST_INSERT_ID", "SELECT LAST_INSERT_ID()", null, Reason.SIDE_EFFECT, false),
            row("NEXT VALUE FOR", "SELECT NEXT VALUE FOR order_seq", null, Reason.SIDE_EFFECT, false),
            row("sleep", "SELECT sleep(0)", "SELECT pg_sleep(0)", Reason.SIDE_EFFECT, false),
            // anything naming a critical table: primary
            row("critical table", "SELECT qty FROM inventory WHERE product_id = 1", Reason.CRITICAL_TABLE, true),
            row("critical table, qualified", "SELECT qty FROM shop.inventory WHERE product_id = 1",
                    Reason.CRITICAL_TABLE, true),
            row("critical table in a join", "SELECT p.name FROM products p JOIN inventory i ON i.product_id = p.id",
                    Reason.CRITICAL_TABLE, true),
            row("critical table in a subquery",
                    "SELECT name FROM products WHERE id IN (SELECT product_id FROM inventory)",
                    Reason.CRITICAL_TABLE, true),
            row("critical table in a CTE", "WITH i AS (SELECT product_id FROM inventory) SELECT * FROM i",
                    Reason.CRITICAL_TABLE, true),
            row("critical table in a UNION", "SELECT id FROM products UNION SELECT product_id FROM inventory",
                    Reason.CRITICAL_TABLE, true),
            row("critical table in INSERT ... SELECT",
                    "INSERT INTO orders (customer_id, total) SELECT product_id, qty FROM inventory",
                    Reason.WRITE, false),
            // session state: primary, and the connection stays pinned there
            // (SETs of constants are replayed instead: SessionStateStubTest)
            row("SET @var of an expression", "SET @cart = NOW()", null, Reason.SESSION_STATE, false),
            row("temporary table", "CREATE TEMPORARY TABLE scratch (id INT)", "CREATE TEMP TABLE scratch (id INT)",
                    Reason.SESSION_STATE, false),
            row("LOCK TABLES", "LOCK TABLES products READ", null, Reason.SESSION_STATE, false),
            row("GET_LOCK", "SELECT GET_LOCK('job', 1)", null, Reason.SESSION_STATE, false),
            // The README lists RELEASE_LOCK with the side-effect reads; it is lock state too, and pins.
            row("RELEASE_LOCK", "SELECT RELEASE_LOCK('job')", null, Reason.SESSION_STATE, false),
            row("advisory lock", null, "SELECT pg_advisory_lock(7)", Reason.SESSION_STATE, false),
            row("advisory unlock", null, "SELECT pg_advisory_unlock(7)", Reason.SESSION_STATE, false),
            // SELECT ... INTO a user variable sets session state, as SET @var does.
            row("SELECT ... INTO @var", "SELECT name INTO @n FROM products WHERE id = 1", null,
                    Reason.SESSION_STATE, false),
            row("session SET of an expression", "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI')",
                    "SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE", Reason.SESSION_STATE, false),
            // SQL the parser cannot classify: primary
            row("unknown SQL", "FROBNICATE the widgets", Reason.UNKNOWN_SQL, false),
            // hints
            row("primary hint", "/*rwsplit:primary*/ SELECT name FROM products WHERE id = 1",
                    Reason.HINT_PRIMARY, true),
            row("replica hint on a critical table", "/*rwsplit:replica*/ SELECT qty FROM inventory",
                    Reason.HINT_REPLICA, true),
            row("max-lag hint", "/*rwsplit:max-lag=30s*/ SELECT name FROM products WHERE id = 1", Reason.READ,
                    true));

    private static final AtomicInteger CASES = new AtomicInteger();
    private final Map<Kind, StubCluster> clusters = new EnumMap<>(Kind.class);

    /**
     * One cluster per kind for the whole class: each case uses a connection of its own. readYourWrites is off so
     * that a case after a write (the kept-primary state) is routed as in autocommit; read-your-writes has tests of
     * its own.
     */
    private StubCluster cluster(Kind kind) throws SQLException {
        StubCluster c = clusters.get(kind);
        if (c == null) {
            c = StubCluster.start(kind, "readYourWrites=off");
            clusters.put(kind, c);
        }
        return c;
    }

    @AfterAll
    void closeClusters() {
        clusters.values().forEach(StubCluster::close);
    }

    static Stream<Arguments> rows() {
        List<Arguments> out = new ArrayList<>();
        for (Kind kind : List.of(Kind.STUB, Kind.POSTGRESQL)) {
            for (Row r : TABLE) {
                String sql = r.sql(kind);
                if (sql != null) {
                    out.add(Arguments.of(kind, r));
                }
            }
        }
        return out.stream();
    }

    /** {@code sql} marked with a comment unique to this case, so that the journals tell whether it was sent. */
    private static String marked(Row r, Kind kind) {
        String sql = r.sql(kind);
        return "/* case " + CASES.incrementAndGet() + " */ " + sql;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        // drained
                    }
                }
            }
        }
    }

    private static final String PLAIN_READ = "SELECT name FROM products WHERE id = 2";

    /** Asserts that {@code r} ran where the table puts it in autocommit. */
    private static void assertAutocommitRoute(StubCluster cl, Connection c, Row r, String state) throws SQLException {
        if (r.reason().target() == Target.PRIMARY) {
            cl.assertRan(c, cl.primary, r.reason(), r + " " + state);
        } else {
            cl.assertRanOnAReplica(c, r.reason(), r + " " + state);
        }
    }

    private static int journaled(StubCluster cl, String sql) {
        int n = 0;
        for (StubNode node : List.of(cl.primary, cl.replica1, cl.replica2)) {
            for (String s : node.recentSql()) {
                if (s.equals(sql)) {
                    n++;
                }
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ autocommit

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void inAutocommitEachStatementRunsWhereTheTableSays(Kind kind, Row r) throws SQLException {
        StubCluster cl = cluster(kind);
        String sql = marked(r, kind);
        try (Connection c = cl.open()) {
            run(c, sql);
            assertAutocommitRoute(cl, c, r, "in autocommit");
            assertEquals(r.pinsSession(), rw(c).isPinnedToPrimary(), "pinned after " + r);
        }
        assertEquals(1, journaled(cl, sql), "sent once");
        if (r.reason().target() == Target.PRIMARY) {
            assertTrue(cl.primary.recentSql().contains(sql), "sent to the primary");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void aPreparedStatementIsRoutedWhenItExecutesAsInAutocommit(Kind kind, Row r) throws SQLException {
        StubCluster cl = cluster(kind);
        try (Connection c = cl.open(); java.sql.PreparedStatement ps = c.prepareStatement(marked(r, kind))) {
            assertEquals(null, rw(c).lastNode(), "preparing routes nothing");
            ps.execute();
            assertAutocommitRoute(cl, c, r, "prepared, in autocommit");
        }
    }

    // ------------------------------------------------------------------ read-write transaction

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void insideAReadWriteTransactionEveryStatementRunsOnThePrimary(Kind kind, Row r) throws SQLException {
        StubCluster cl = cluster(kind);
        Reason expected = r.pinsSession() ? Reason.SESSION_STATE : Reason.TRANSACTION;
        // As the transaction's first statement, and after a read started it (on the primary, too).
        try (Connection c = cl.open()) {
            c.setAutoCommit(false);
            run(c, marked(r, kind));
            cl.assertRan(c, cl.primary, expected, r + " as the first statement of a read-write transaction");
            c.commit();
        }
        try (Connection c = cl.open()) {
            c.setAutoCommit(false);
            run(c, PLAIN_READ);
            cl.assertRan(c, cl.primary, Reason.TRANSACTION, "a read starting a read-write transaction");
            run(c, marked(r, kind));
            cl.assertRan(c, cl.primary, expected, r + " inside a read-write transaction");
            c.rollback();
        }
    }

    // ------------------------------------------------------------------ read-only transaction

    /** The ways a read-only transaction starts. */
    enum ReadOnlyStart {
        SET_READ_ONLY, START_TRANSACTION_READ_ONLY, BEGIN_READ_ONLY;

        boolean appliesTo(Kind kind) {
            return this != BEGIN_READ_ONLY || kind.postgres();
        }

        void begin(Connection c) throws SQLException {
            switch (this) {
                case SET_READ_ONLY -> {
                    c.setReadOnly(true);
                    c.setAutoCommit(false);
                    run(c, PLAIN_READ);
                }
                case START_TRANSACTION_READ_ONLY -> run(c, "START TRANSACTION READ ONLY");
                case BEGIN_READ_ONLY -> run(c, "BEGIN READ ONLY");
                default -> throw new IllegalStateException();
            }
        }

        void end(Connection c) throws SQLException {
            if (this == SET_READ_ONLY) {
                c.commit();
            } else {
                run(c, "COMMIT");
            }
        }
    }

    static Stream<Arguments> rowsInReadOnlyTransactions() {
        return rows().flatMap(a -> Stream.of(ReadOnlyStart.values())
                .filter(s -> s.appliesTo((Kind) a.get()[0]))
                .map(s -> Arguments.of(a.get()[0], s, a.get()[1])));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("rowsInReadOnlyTransactions")
    void insideAReadOnlyTransactionReadsStayOnItsReplicaAndOtherStatementsAreRefused(Kind kind, ReadOnlyStart start,
                                                                                      Row r) throws SQLException {
        StubCluster cl = cluster(kind);
        String sql = marked(r, kind);
        try (Connection c = cl.open()) {
            start.begin(c);
            StubNode replica = cl.assertRanOnAReplica(c, Reason.READ_ONLY_TRANSACTION,
                    "the read-only transaction's start (" + start + ")");
            if (r.reason() == Reason.CRITICAL_TABLE || r.reason() == Reason.HINT_PRIMARY) {
                // Fresh, on the primary, outside the replica's snapshot.
                run(c, sql);
                cl.assertRan(c, cl.primary, r.reason(), r + " inside a read-only transaction");
            } else if (r.read()) {
                run(c, sql);
                cl.assertRan(c, replica, Reason.READ_ONLY_TRANSACTION, r + " inside a read-only transaction");
            } else {
                SQLException e = assertThrows(SQLException.class, () -> run(c, sql),
                        r + " inside a read-only transaction on a replica");
                assertEquals("25006", e.getSQLState(), e.getMessage());
                assertEquals(0, journaled(cl, sql), "refused without being sent");
                assertFalse(rw(c).isPinnedToPrimary(), "a refused statement does not pin");
            }
            run(c, PLAIN_READ);
            cl.assertRan(c, replica, Reason.READ_ONLY_TRANSACTION, "the transaction goes on on its replica");
            start.end(c);
            cl.assertRan(c, replica, Reason.READ_ONLY_TRANSACTION, "its commit");
        }
    }

    // ------------------------------------------------------------------ pinned

    /** Statements that pin a connection to the primary, per dialect. */
    static Stream<Arguments> pinsAndRows() {
        List<Arguments> out = new ArrayList<>();
        rows().forEach(a -> {
            Kind kind = (Kind) a.get()[0];
            for (Row pin : TABLE) {
                // Each row with each pin would be 1,500 cases; every pin is crossed with the plain read and the
                // write below, and every row with one pin of each kind's.
                if (pin.pinsSession() && pin.sql(kind) != null) {
                    Row r = (Row) a.get()[1];
                    boolean firstPin = pin == firstPin(kind);
                    if (firstPin || r.name().equals("plain SELECT") || r.name().equals("INSERT")) {
                        out.add(Arguments.of(kind, pin, r));
                    }
                }
            }
        });
        return out.stream();
    }

    private static Row firstPin(Kind kind) {
        return TABLE.stream().filter(p -> p.pinsSession() && p.sql(kind) != null).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} pinned by {1}: {2}")
    @MethodSource("pinsAndRows")
    void onAPinnedConnectionEveryStatementRunsOnThePrimary(Kind kind, Row pin, Row r) throws SQLException {
        StubCluster cl = cluster(kind);
        try (Connection c = cl.open()) {
            run(c, marked(pin, kind));
            cl.assertRan(c, cl.primary, Reason.SESSION_STATE, pin + " pins");
            assertTrue(rw(c).isPinnedToPrimary());
            run(c, marked(r, kind));
            cl.assertRan(c, cl.primary, Reason.PINNED, r + " after " + pin);
            run(c, PLAIN_READ);
            cl.assertRan(c, cl.primary, Reason.PINNED, "a plain read after " + pin + " and " + r);
            // A transaction on a pinned connection runs on the primary too.
            c.setAutoCommit(false);
            run(c, PLAIN_READ);
            cl.assertRan(c, cl.primary, Reason.PINNED, "a transaction's read after " + pin);
            c.commit();
        }
        try (Connection c = cl.open()) {
            run(c, PLAIN_READ);
            cl.assertRanOnAReplica(c, Reason.READ, "a new connection is not pinned");
        }
    }

    // ------------------------------------------------------------------ kept connection

    /** Where the session's last autocommit statement left its kept physical connection. */
    enum Kept {
        ON_A_REPLICA, ON_THE_PRIMARY
    }

    static Stream<Arguments> rowsWithKeptConnections() {
        return rows().flatMap(a -> Stream.of(Kept.values()).map(k -> Arguments.of(a.get()[0], k, a.get()[1])));
    }

    @ParameterizedTest(name = "{0} kept {1}: {2}")
    @MethodSource("rowsWithKeptConnections")
    void aKeptConnectionDoesNotChangeWhereAStatementRuns(Kind kind, Kept kept, Row r) throws SQLException {
        StubCluster cl = cluster(kind);
        try (Connection c = cl.open()) {
            if (kept == Kept.ON_A_REPLICA) {
                run(c, PLAIN_READ);
                cl.assertRanOnAReplica(c, Reason.READ, "the read that leaves a kept replica connection");
            } else {
                run(c, "UPDATE products SET name = 'kiwi' WHERE id = 3");
                cl.assertRan(c, cl.primary, Reason.WRITE, "the write that leaves a kept primary connection");
            }
            run(c, marked(r, kind));
            assertAutocommitRoute(cl, c, r, "after a connection kept " + kept);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void autocommitReadsReuseTheKeptReplicaConnection(Kind kind) throws SQLException {
        // One replica, so that every read goes to the node of the kept connection (with two, reads are balanced).
        try (StubCluster cl = StubCluster.start(kind);
             Connection c = cl.open(); java.sql.PreparedStatement ps = c.prepareStatement(PLAIN_READ)) {
            assertTrue(cl.dataSource.removeReplica(cl.replica2.id()));
            ps.executeQuery().close();
            StubNode replica = cl.assertRanOnAReplica(c, Reason.READ, "first read");
            long prepares = replica.calls(io.rwsplit.fixtures.stub.StubCall.PREPARE_STATEMENT);
            for (int i = 0; i < 5; i++) {
                ps.executeQuery().close();
                cl.assertRan(c, replica, Reason.READ, "read " + i + " on the kept connection's replica");
            }
            assertEquals(prepares, replica.calls(io.rwsplit.fixtures.stub.StubCall.PREPARE_STATEMENT),
                    "the kept connection and its physical statement were reused: not prepared again");
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(Kind.STUB, Kind.POSTGRESQL);
    }

    // ------------------------------------------------------------------ forced primary

    enum Forced {
        SET_FORCE_PRIMARY, THREAD_SCOPE
    }

    static Stream<Arguments> rowsForcedToThePrimary() {
        return rows().flatMap(a -> Stream.of(Forced.values()).map(f -> Arguments.of(a.get()[0], f, a.get()[1])));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("rowsForcedToThePrimary")
    void forcedToThePrimaryEveryStatementRunsThere(Kind kind, Forced how, Row r) throws SQLException {
        StubCluster cl = cluster(kind);
        try (Connection c = cl.open()) {
            if (how == Forced.SET_FORCE_PRIMARY) {
                rw(c).setForcePrimary(true);
                run(c, marked(r, kind));
                cl.assertRan(c, cl.primary, Reason.FORCED_PRIMARY, r + " with setForcePrimary(true)");
                rw(c).setForcePrimary(false);
            } else {
                try (RwSplit.Scope ignored = RwSplit.primary()) {
                    run(c, marked(r, kind));
                    cl.assertRan(c, cl.primary, Reason.FORCED_PRIMARY, r + " inside RwSplit.primary()");
                }
            }
            assertEquals(r.pinsSession(), rw(c).isPinnedToPrimary(), "forcing does not change what pins");
            run(c, PLAIN_READ);
            if (r.pinsSession()) {
                cl.assertRan(c, cl.primary, Reason.PINNED, "after the force ended, still pinned by " + r);
            } else {
                cl.assertRanOnAReplica(c, Reason.READ, "after the force ended");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theThreadScopeCoversOnlyItsThreadAndNests(Kind kind) throws Exception {
        StubCluster cl = cluster(kind);
        try (Connection c = cl.open(); Connection other = cl.open()) {
            try (RwSplit.Scope outer = RwSplit.primary()) {
                try (RwSplit.Scope inner = RwSplit.primary()) {
                    run(c, PLAIN_READ);
                    cl.assertRan(c, cl.primary, Reason.FORCED_PRIMARY, "inside nested scopes");
                }
                run(c, PLAIN_READ);
                cl.assertRan(c, cl.primary, Reason.FORCED_PRIMARY, "inside the outer scope");
                // Another thread, another connection: not forced.
                Thread t = new Thread(() -> {
                    try {
                        run(other, PLAIN_READ);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                t.join();
                cl.assertRanOnAReplica(other, Reason.READ, "another thread's read while this one is forced");
            }
            run(c, PLAIN_READ);
            cl.assertRanOnAReplica(c, Reason.READ, "after the scope closed");
        }
    }
}
