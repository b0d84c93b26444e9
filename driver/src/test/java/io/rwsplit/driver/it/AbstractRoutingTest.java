package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplit;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statement routing on a real topology, asserting on the node that ran each statement. */
@ExtendWith(ReplicaWriteGuard.class)
abstract class AbstractRoutingTest implements ReplicaWriteGuard.OnTopology {
    /** Unique to this run, so that re-running on a kept topology creates no duplicates. */
    private static final int RUN = (int) ((System.currentTimeMillis() / 1000) % 100_000);

    abstract String corpusResource();

    @BeforeEach
    void prepare() throws SQLException {
        Databases.prepare(topology());
    }

    Connection open(String options) throws SQLException {
        ReplicationTopology t = topology();
        // These tests are about where each kind of statement runs; freshness has its own tests, so the bound is
        // generous enough that a loaded machine never turns a replica read into a stale fallback.
        String base = Databases.CRITICAL + "&readYourWrites=off&maxReplicaLag=30s";
        String all = options.isEmpty() ? base : base + "&" + options;
        return DriverManager.getConnection(Databases.url(t, all), t.appUser(), t.appPassword());
    }

    static RwSplitConnection rw(Connection c) throws SQLException {
        return c.unwrap(RwSplitConnection.class);
    }

    int servingPort(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + topology().serverPortExpression())) {
            rs.next();
            return rs.getInt(1);
        }
    }

    int primaryPort() {
        return topology().primary().port();
    }

    @TestFactory
    List<DynamicTest> everyCorpusStatementLandsOnItsExpectedRole() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/" + corpusResource()), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                char role = line.charAt(0);
                boolean mayFail = line.charAt(1) == '!';
                String sql = line.substring(line.indexOf('|') + 1).replace("\\n", "\n");
                tests.add(DynamicTest.dynamicTest(role + ": " + sql.replace('\n', ' '), () -> {
                    String text = sql.replace("{n}", Integer.toString(RUN));
                    try (Connection c = open("")) {
                        try (Statement s = c.createStatement()) {
                            s.execute(text);
                        } catch (SQLException e) {
                            if (!mayFail) {
                                throw e;
                            }
                        }
                        String node = rw(c).lastNode();
                        if (role == 'R') {
                            assertTrue(Databases.isReplica(topology(), node),
                                    () -> "expected a replica, ran on " + node + " (" + uncheckedReason(c) + ")");
                        } else {
                            assertEquals(topology().primary().address(), node,
                                    () -> "expected the primary (" + uncheckedReason(c) + ")");
                        }
                    }
                }));
            }
        }
        assertTrue(tests.size() >= 60, "corpus has at least 60 statements, has " + tests.size());
        return tests;
    }

    private static String uncheckedReason(Connection c) {
        try {
            Reason r = rw(c).lastReason();
            return r == null ? "no route" : r.code();
        } catch (SQLException e) {
            return e.toString();
        }
    }

    @Test
    void readsReportTheNodeThatReallyServedThem() throws SQLException {
        try (Connection c = open("")) {
            for (int i = 0; i < 20; i++) {
                int port = servingPort(c);
                assertEquals(Databases.portOf(rw(c).lastNode()), port);
                assertNotEquals(primaryPort(), port);
            }
        }
    }

    @Test
    void roundRobinSpreadsTenThousandReadsEvenly() throws SQLException {
        assertEvenSpread("loadBalance=round-robin");
    }

    @Test
    void leastOutstandingKeepsUsingBothReplicas() throws SQLException {
        // Latency-aware: one sequential reader has nothing in flight, so each read goes to the replica that has
        // lately answered faster, and the split between two alike replicas follows their latency noise. What it must
        // do is keep using both: a replica that looked slower is tried again as its estimate decays (a time
        // constant of one second, so within seconds however fast the reads come: 10,000 of them took 0.35 s here).
        Map<Integer, Integer> perPort = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = open("loadBalance=least-outstanding");
             PreparedStatement ps = c.prepareStatement("SELECT " + topology().serverPortExpression())) {
            for (int i = 0; i < 10_000 || (perPort.size() < 2 && System.nanoTime() - deadline < 0); i++) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    perPort.merge(rs.getInt(1), 1, Integer::sum);
                }
            }
        }
        assertEquals(2, perPort.size(), "reads reached exactly the two replicas: " + perPort);
        assertTrue(!perPort.containsKey(primaryPort()), "no read on the primary: " + perPort);
    }

    private void assertEvenSpread(String option) throws SQLException {
        double min = 0.40;
        double max = 0.60;
        Map<Integer, Integer> perPort = new HashMap<>();
        int total = 10_000;
        try (Connection c = open(option);
             PreparedStatement ps = c.prepareStatement("SELECT " + topology().serverPortExpression())) {
            for (int i = 0; i < total; i++) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    perPort.merge(rs.getInt(1), 1, Integer::sum);
                }
            }
        }
        assertEquals(2, perPort.size(), "reads reached exactly the two replicas: " + perPort);
        for (Map.Entry<Integer, Integer> e : perPort.entrySet()) {
            assertNotEquals(primaryPort(), e.getKey().intValue());
            double share = e.getValue() / (double) total;
            assertTrue(share >= min && share <= max, option + ": port " + e.getKey() + " got " + share);
        }
    }

    @Test
    void readOnlyTransactionStaysOnOneReplica() throws SQLException {
        try (Connection c = open("loadBalance=round-robin")) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                ports.add(servingPort(c));
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM products")) {
                    rs.next();
                }
            }
            c.commit();
            assertEquals(1, ports.size(), "one node served the whole transaction: " + ports);
            assertNotEquals(primaryPort(), ports.iterator().next().intValue());
        }
    }

    @Test
    void writeInsideReadOnlyTransactionOnReplicaIsRefusedWithoutReachingIt() throws SQLException {
        try (Connection c = open("")) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            servingPort(c);
            try (Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                        () -> s.executeUpdate("UPDATE products SET price = price WHERE id = 1"));
                assertEquals("25006", e.getSQLState());
            }
            c.rollback();
        }
    }

    @Test
    void readWriteTransactionStartingWithSelectRunsEveryStatementOnThePrimary() throws SQLException {
        try (Connection c = open("")) {
            c.setAutoCommit(false);
            assertEquals(primaryPort(), servingPort(c));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE products SET price = price WHERE id = 1");
            }
            assertEquals(primaryPort(), servingPort(c));
            c.commit();
            assertEquals(primaryPort(), servingPort(c), "autocommit off: the next transaction is read-write too");
            c.rollback();
            c.setAutoCommit(true);
            assertNotEquals(primaryPort(), servingPort(c), "back in autocommit, reads go to replicas");
        }
    }

    @Test
    void sqlBeginReadOnlyRunsOnAReplicaAndPlainBeginOnThePrimary() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            s.execute(topology().flavor() == io.rwsplit.fixtures.Flavor.POSTGRESQL ? "BEGIN READ ONLY"
                    : "START TRANSACTION READ ONLY");
            int first = servingPort(c);
            assertNotEquals(primaryPort(), first);
            assertEquals(first, servingPort(c));
            s.execute("COMMIT");
            s.execute("BEGIN");
            assertEquals(primaryPort(), servingPort(c));
            s.execute("COMMIT");
            assertNotEquals(primaryPort(), servingPort(c));
        }
    }

    @Test
    void preparedStatementRunsWhereEachExecutionBelongs() throws SQLException {
        try (Connection c = open("");
             PreparedStatement read = c.prepareStatement("SELECT " + topology().serverPortExpression()
                     + " FROM products WHERE id = ?");
             PreparedStatement write = c.prepareStatement("UPDATE products SET price = price WHERE id = ?")) {
            read.setInt(1, 1);
            assertNotEquals(primaryPort(), portOf(read));
            c.setAutoCommit(false);
            write.setInt(1, 1);
            write.executeUpdate();
            assertEquals(primaryPort(), portOf(read), "inside the write transaction the same statement reads the primary");
            c.commit();
            c.setAutoCommit(true);
            assertNotEquals(primaryPort(), portOf(read), "after it, the same statement reads a replica again");
        }
    }

    @Test
    void aPreparedStatementRunAgainBehavesLikeOnePreparedAnew() throws SQLException {
        // Run after run on the connection the session keeps, the physical statement is reused: what the previous
        // execution bound must not leak into the next.
        ReplicationTopology t = topology();
        try (io.rwsplit.driver.RwSplitDataSource ds = new io.rwsplit.driver.RwSplitDataSource()) {
            ds.setUrl(t.rwsplitUrl(""));
            ds.setUser(t.appUser());
            ds.setPassword(t.appPassword());
            try (Connection c = ds.getConnection();
                 PreparedStatement read = c.prepareStatement("SELECT id FROM products WHERE id = ?")) {
                boolean failedOnReusedStatement = false;
                for (int attempt = 0; attempt < 20 && !failedOnReusedStatement; attempt++) {
                    read.setInt(1, 1);
                    assertEquals(1, singleInt(read));
                    read.setInt(1, 2);
                    assertEquals(2, singleInt(read));
                    long borrows = borrows(ds);
                    read.clearParameters();
                    assertThrows(SQLException.class, read::executeQuery,
                            "an unset parameter fails, as on a new statement");
                    // No borrow: it ran on the kept connection, so on the statement of the run before.
                    failedOnReusedStatement = borrows(ds) == borrows;
                }
                assertTrue(failedOnReusedStatement, "the failing run reused the previous run's statement");
                read.setInt(1, 3);
                assertEquals(3, singleInt(read), "and the statement runs again after that failure");
            }
        }
    }

    private static long borrows(io.rwsplit.driver.RwSplitDataSource ds) throws SQLException {
        long sum = 0;
        for (io.rwsplit.driver.internal.Node n : ds.cluster().nodes()) {
            sum += n.borrows();
        }
        return sum;
    }

    private static int singleInt(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    @Test
    void oneStatementObjectUsedForReadThenWriteThenReadRoutesEachText() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            s.execute("SELECT * FROM products");
            assertTrue(Databases.isReplica(topology(), rw(c).lastNode()));
            s.execute("UPDATE products SET price = price WHERE id = 2");
            assertEquals(topology().primary().address(), rw(c).lastNode());
            s.execute("SELECT * FROM products");
            assertTrue(Databases.isReplica(topology(), rw(c).lastNode()));
        }
    }

    private static int portOf(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void forcedPrimaryScopeAndConnectionControlSendReadsToThePrimary() throws SQLException {
        try (Connection c = open("")) {
            try (RwSplit.Scope ignored = RwSplit.primary()) {
                assertEquals(primaryPort(), servingPort(c));
            }
            assertNotEquals(primaryPort(), servingPort(c));
            rw(c).setForcePrimary(true);
            assertEquals(primaryPort(), servingPort(c));
            assertEquals(Reason.FORCED_PRIMARY, rw(c).lastReason());
        }
    }

    @Test
    void sessionStatePinsTheConnectionToThePrimaryUntilItCloses() throws SQLException {
        boolean pg = topology().flavor() == io.rwsplit.fixtures.Flavor.POSTGRESQL;
        try (Connection c = open(""); Statement s = c.createStatement()) {
            assertNotEquals(primaryPort(), servingPort(c));
            // A temporary table is session state no other node has (a SET of a constant is replayed instead).
            s.execute(pg ? "CREATE TEMP TABLE pin_me (id INT)" : "CREATE TEMPORARY TABLE pin_me (id INT)");
            assertTrue(rw(c).isPinnedToPrimary());
            assertEquals(primaryPort(), servingPort(c));
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pin_me")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the session state is still there");
            }
        }
        try (Connection c = open("")) {
            assertNotEquals(primaryPort(), servingPort(c), "a new connection is not pinned");
        }
    }

    @Test
    void unparseableSqlGoesToThePrimaryAndIsCounted() throws SQLException {
        try (Connection c = open(""); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.execute("SELEC * FROMM products"));
            assertEquals(topology().primary().address(), rw(c).lastNode());
            assertEquals(Reason.UNKNOWN_SQL, rw(c).lastReason());
        }
    }

    @Test
    void metadataBorrowsNoPrimaryConnection() throws SQLException {
        ReplicationTopology t = topology();
        try (io.rwsplit.driver.RwSplitDataSource ds = new io.rwsplit.driver.RwSplitDataSource()) {
            ds.setUrl(Databases.url(t, ""));
            ds.setUsername(t.appUser());
            ds.setPassword(t.appPassword());
            io.rwsplit.driver.internal.Node primary = ds.cluster().nodes()[0];
            long before = primary.borrows();
            try (Connection c = ds.getConnection()) {
                java.sql.DatabaseMetaData md = c.getMetaData();
                assertTrue(md.getURL().startsWith("jdbc:rwsplit:"));
                try (ResultSet rs = md.getTables(null, null, "products", null)) {
                    assertTrue(rs.next(), "the products table is listed");
                }
                assertEquals(t.flavor() == io.rwsplit.fixtures.Flavor.POSTGRESQL ? "PostgreSQL" : "MariaDB",
                        md.getDatabaseProductName(), "the product name of the vendor's own metadata");
                assertTrue(md.supportsTransactions());
                assertEquals(null, rw(c).lastNode(), "metadata ran no routed statement");
            }
            assertEquals(before, primary.borrows(), "no primary connection was borrowed for metadata");
        }
    }

    @Test
    void sessionFunctionsAfterAWriteSeeThatWritesSession() throws SQLException {
        assertSessionFunctionsSeeTheirWrites(false);
    }

    @Test
    void consistencyTokensBetweenAWriteAndSessionFunctionsLeaveTheWritesSession() throws SQLException {
        // The token query runs on the session's kept primary connection and keeps it: given back to the pool
        // instead, the two interleaved sessions would each get the other's connection from it.
        assertSessionFunctionsSeeTheirWrites(true);
    }

    private void assertSessionFunctionsSeeTheirWrites(boolean tokensBetween) throws SQLException {
        boolean pg = topology().flavor() == io.rwsplit.fixtures.Flavor.POSTGRESQL;
        String insert = "INSERT INTO orders (customer_id, total) VALUES (7, 1.00)";
        String lastId = pg ? "SELECT currval(pg_get_serial_sequence('orders', 'id'))" : "SELECT LAST_INSERT_ID()";
        String maxId = "SELECT max(id) FROM orders";
        // Two sessions on one thread, interleaved: without care, the pool hands each the other's last connection.
        try (Connection a = open(""); Connection b = open("");
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            for (int i = 0; i < 50; i++) {
                sa.executeUpdate(insert);
                long aId = maxOnPrimary(maxId);
                sb.executeUpdate(insert);
                long bId = maxOnPrimary(maxId);
                if (tokensBetween) {
                    // Both tokens come after both writes: well-formed, of this database's kind, and b's (taken
                    // later) at least as far as a's.
                    io.rwsplit.consistency.ConsistencyToken ta =
                            io.rwsplit.consistency.ConsistencyToken.parse(rw(a).consistencyToken());
                    io.rwsplit.consistency.ConsistencyToken tb =
                            io.rwsplit.consistency.ConsistencyToken.parse(rw(b).consistencyToken());
                    assertEquals(pg ? io.rwsplit.consistency.PositionKind.POSTGRES_LSN
                            : io.rwsplit.consistency.PositionKind.MARIADB_GTID, ta.kind());
                    assertTrue(ta.isSatisfiedBy(tb.position()), () -> "token " + tb + " is behind " + ta);
                }
                assertEquals(aId, single(sa, lastId), "session a sees its own generated id");
                assertEquals(bId, single(sb, lastId), "session b sees its own generated id");
            }
        }
    }

    private long maxOnPrimary(String sql) throws SQLException {
        try (Connection c = topology().primary().appConnection(); Statement s = c.createStatement()) {
            return single(s, sql);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void jdbcSessionStateIsCarriedToTheNodeThatRunsEachStatement() throws SQLException {
        boolean pg = topology().flavor() == io.rwsplit.fixtures.Flavor.POSTGRESQL;
        String isolationQuery = pg ? "SELECT current_setting('transaction_isolation'), inet_server_port()"
                : "SELECT @@SESSION.tx_isolation, @@port";
        // PostgreSQL standbys cannot run SERIALIZABLE (such reads go to the primary, below): use REPEATABLE READ.
        int level = pg ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_SERIALIZABLE;
        String shown = pg ? "repeatable read" : "SERIALIZABLE";
        try (Connection c = open(""); Statement s = c.createStatement()) {
            c.setTransactionIsolation(level);
            assertEquals(level, c.getTransactionIsolation());
            Set<Integer> replicaPorts = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                try (ResultSet rs = s.executeQuery(isolationQuery)) {
                    rs.next();
                    assertEquals(shown, rs.getString(1), "isolation on the replica");
                    replicaPorts.add(rs.getInt(2));
                }
            }
            assertTrue(replicaPorts.stream().noneMatch(p -> p == primaryPort()), "read on replicas: " + replicaPorts);
            if (pg) {
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                try (ResultSet rs = s.executeQuery(isolationQuery)) {
                    rs.next();
                    assertEquals("serializable", rs.getString(1));
                    assertEquals(primaryPort(), rs.getInt(2), "hot standbys cannot serve SERIALIZABLE reads");
                }
                assertEquals(Reason.SERIALIZABLE, rw(c).lastReason());
            }
        }
        // The pool resets what a borrower changed: a new connection sees the server default again.
        try (Connection c = open(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(isolationQuery)) {
            rs.next();
            assertNotEquals(shown, rs.getString(1));
        }
    }
}
