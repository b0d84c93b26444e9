package io.rwsplit.driver.routing;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.Poll;
import io.rwsplit.fixtures.TestNames;
import io.rwsplit.fixtures.stub.StubDriver;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.fixtures.stub.StubReplication;
import io.rwsplit.fixtures.stub.StubResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topology discovery over stub nodes that answer rwsplit's probes as MariaDB or PostgreSQL servers
 * ({@link StubReplication}), with host names the test defines and changes ({@link TestNames}): addresses that join
 * become replicas, addresses that leave are drained once they stop answering, a writable address is never added,
 * the primary is never drained, the primary's replica list is followed, and {@code addReplica}/{@code removeReplica}
 * keep working beside it. The tests wait for discovery rounds ({@code discoveryCounts()}), never for a fixed time.
 */
class DiscoveryStubTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String READ = "SELECT name FROM products WHERE id = 1";
    private static final String FAST = "discoveryInterval=100ms&probeInterval=10ms&maxReplicaLag=100ms";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final int net = SEQUENCE.incrementAndGet();
    private StubDriver.Impersonation impersonation;

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (impersonation != null) {
            impersonation.close();
        }
    }

    /** A stub node at 10.99.{net}.{last}:port, so that every test has addresses of its own. */
    private StubNode node(int last, int port) {
        return StubDriver.shared().node("10.99." + net + "." + last, port);
    }

    private String name(String label) {
        return label + "." + net + ".test";
    }

    private void impersonate(Flavor flavor) {
        StubDriver.register();
        impersonation = StubDriver.impersonate(flavor == Flavor.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://");
    }

    private RwSplitDataSource open(Flavor flavor, String hosts, String options) {
        RwSplitDataSource ds = new RwSplitDataSource();
        ds.setUrl("jdbc:rwsplit:" + flavor.urlVendor() + "://" + hosts + "/shop?" + options);
        ds.setUsername("app");
        ds.setPassword("secret");
        closing.add(ds);
        return ds;
    }

    private static List<String> nodeIds(RwSplitDataSource ds) throws SQLException {
        return Arrays.stream(ds.cluster().nodes()).map(Node::id).toList();
    }

    private static long count(RwSplitDataSource ds, String event) throws SQLException {
        return ds.cluster().discoveryCounts().getOrDefault(event, 0L);
    }

    /** Waits until {@code rounds} more discovery rounds have run. */
    private static void awaitRounds(RwSplitDataSource ds, int rounds) throws SQLException {
        long target = count(ds, "rounds") + rounds;
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(10), () -> rounds + " discovery rounds",
                () -> count(ds, "rounds") >= target);
    }

    private static String readOnce(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(READ)) {
            while (rs.next()) {
                // drained
            }
        }
        return c.unwrap(RwSplitConnection.class).lastNode();
    }

    @ParameterizedTest
    @EnumSource(value = Flavor.class)
    void anAddressThatJoinsTheNameBecomesAReplicaThatServesReads(Flavor flavor) throws SQLException {
        impersonate(flavor);
        int port = flavor == Flavor.POSTGRESQL ? 5432 : 3306;
        StubNode primary = node(1, port);
        StubNode r1 = node(2, port);
        StubNode r2 = node(3, port);
        StubReplication replication = new StubReplication(flavor, primary, List.of(r1));
        String replicas = name("replicas");
        TestNames.define(replicas, r1.host());
        closing.add(() -> TestNames.undefine(replicas));
        RwSplitDataSource ds = open(flavor, primary.id() + "," + replicas + ":" + port, "discovery=dns&" + FAST);
        assertEquals(List.of(primary.id(), r1.id()), nodeIds(ds), "the name's one address is a node");

        replication.addReplica(r2);
        TestNames.define(replicas, r1.host(), r2.host());
        try (Connection c = ds.getConnection()) {
            Poll.until(Duration.ofSeconds(10), Duration.ofMillis(5), () -> "a read on " + r2.id() + "; nodes "
                    + nodeIdsQuietly(ds), () -> r2.id().equals(readOnce(c)));
        }
        assertEquals(List.of(primary.id(), r1.id(), r2.id()), nodeIds(ds));
        Poll.until(Duration.ofSeconds(5), Duration.ofMillis(5), () -> "added counted", () -> count(ds, "added") == 1);
        assertEquals(0, r2.writeCount(), "no write on the new replica");
    }

    @Test
    void anAddressThatLeavesIsKeptWhileItAnswersAndDrainedOnceItStops() throws SQLException {
        impersonate(Flavor.MARIADB);
        StubNode primary = node(1, 3306);
        StubNode r1 = node(2, 3306);
        StubNode r2 = node(3, 3306);
        new StubReplication(Flavor.MARIADB, primary, List.of(r1, r2));
        String replicas = name("replicas");
        TestNames.define(replicas, r1.host(), r2.host());
        closing.add(() -> TestNames.undefine(replicas));
        RwSplitDataSource ds = open(Flavor.MARIADB, primary.id() + "," + replicas + ":3306",
                "discovery=dns&readYourWrites=off&" + FAST);
        assertEquals(List.of(primary.id(), r1.id(), r2.id()), nodeIds(ds));

        TestNames.define(replicas, r1.host());
        awaitRounds(ds, 3);
        assertTrue(nodeIds(ds).contains(r2.id()), "unlisted but answering: kept");

        r2.setDown(true);
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(10), () -> r2.id() + " drained",
                () -> !nodeIds(ds).contains(r2.id()) && count(ds, "drained") == 1);
        long before = r2.executedCount();
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < 50; i++) {
                assertFalse(r2.id().equals(readOnce(c)), "a read on the drained node");
            }
        }
        assertEquals(before, r2.executedCount(), "nothing reached the drained node");
    }

    @Test
    void aWritableAddressIsNeverAddedAsAReplica() throws SQLException {
        impersonate(Flavor.MARIADB);
        StubNode primary = node(1, 3306);
        StubNode r1 = node(2, 3306);
        StubNode stranger = node(3, 3306);
        new StubReplication(Flavor.MARIADB, primary, List.of(r1));
        new StubReplication(Flavor.MARIADB, stranger, List.of());
        String replicas = name("replicas");
        TestNames.define(replicas, r1.host(), stranger.host());
        closing.add(() -> TestNames.undefine(replicas));
        RwSplitDataSource ds = open(Flavor.MARIADB, primary.id() + "," + replicas + ":3306", "discovery=dns&" + FAST);
        assertEquals(List.of(primary.id(), r1.id()), nodeIds(ds), "writable at start: not added");
        awaitRounds(ds, 3);
        assertEquals(List.of(primary.id(), r1.id()), nodeIds(ds), "writable in the rounds: not added");
        assertTrue(count(ds, "refused-writable") >= 3, ds.cluster().discoveryCounts().toString());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE products SET name = 'x' WHERE id = 1");
            assertEquals(primary.id(), c.unwrap(RwSplitConnection.class).lastNode());
        }
        assertEquals(0, stranger.writeCount());
    }

    @Test
    void thePrimaryIsNeverDrainedAndANameMayListEveryNode() throws SQLException {
        impersonate(Flavor.MARIADB);
        StubNode primary = node(1, 3306);
        StubNode r1 = node(2, 3306);
        new StubReplication(Flavor.MARIADB, primary, List.of(r1));
        String cluster = name("cluster");
        // The replica first: the writable address is the initial primary whatever the order.
        TestNames.define(cluster, r1.host(), primary.host());
        closing.add(() -> TestNames.undefine(cluster));
        RwSplitDataSource ds = open(Flavor.MARIADB, cluster + ":3306", "discovery=dns&" + FAST);
        assertEquals(List.of(primary.id(), r1.id()), nodeIds(ds));
        assertEquals(primary.id(), ds.cluster().primary().id());

        TestNames.define(cluster, r1.host());
        primary.setDown(true);
        awaitRounds(ds, 5);
        assertTrue(nodeIds(ds).contains(primary.id()), "the primary, unlisted and down, is kept");
        assertEquals(0, count(ds, "drained"));
        primary.setDown(false);
    }

    @ParameterizedTest
    @EnumSource(value = Flavor.class)
    void replicasListedByThePrimaryAreAdded(Flavor flavor) throws SQLException {
        impersonate(flavor);
        int port = flavor == Flavor.POSTGRESQL ? 5432 : 3306;
        StubNode primary = node(1, port);
        StubNode r1 = node(2, port + 1);
        StubNode r2 = node(3, port + 2);
        StubReplication replication = new StubReplication(flavor, primary, List.of(r1));
        List<StubNode> listed = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(r1));
        replication.onQuery(primary, sql -> {
            String lower = sql.toLowerCase(Locale.ROOT);
            if (lower.contains("show replica hosts")) {
                Object[][] rows = listed.stream().map(r -> new Object[] {r.port(), r.host(), r.port(), 1})
                        .toArray(Object[][]::new);
                return StubResult.rows(new String[] {"Server_id", "Host", "Port", "Master_id"}, rows);
            }
            if (lower.contains("pg_stat_replication")) {
                // the convention: application_name is the standby's host:port; a standby named otherwise is
                // listed at its client address with the primary's port (here: the primary itself, never added)
                List<Object[]> rows = new ArrayList<>();
                for (StubNode r : listed) {
                    rows.add(new Object[] {r.id(), "127.0.0.1"});
                }
                rows.add(new Object[] {"walreceiver", primary.host()});
                return StubResult.rows(new String[] {"application_name", "host"}, rows.toArray(Object[][]::new));
            }
            return null;
        });
        RwSplitDataSource ds = open(flavor, primary.id(), "discovery=primary&" + FAST);
        assertEquals(List.of(primary.id(), r1.id()), nodeIds(ds), "the first round runs at start");

        replication.addReplica(r2);
        listed.add(r2);
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(10), () -> r2.id() + " added; nodes "
                + nodeIdsQuietly(ds), () -> nodeIds(ds).contains(r2.id()) && count(ds, "added") == 2);
        assertEquals(List.of(primary.id(), r1.id(), r2.id()), nodeIds(ds));
    }

    @Test
    void addReplicaAndRemoveReplicaKeepWorkingBesideDiscovery() throws SQLException {
        impersonate(Flavor.MARIADB);
        StubNode primary = node(1, 3306);
        StubNode r1 = node(2, 3306);
        StubNode r2 = node(3, 3306);
        StubNode r3 = node(4, 3307);
        new StubReplication(Flavor.MARIADB, primary, List.of(r1, r2, r3));
        String replicas = name("replicas");
        TestNames.define(replicas, r1.host(), r2.host());
        closing.add(() -> TestNames.undefine(replicas));
        RwSplitDataSource ds = open(Flavor.MARIADB, primary.id() + "," + replicas + ":3306", "discovery=dns&" + FAST);

        assertTrue(ds.removeReplica(r2.id()));
        awaitRounds(ds, 3);
        assertEquals(List.of(primary.id(), r1.id()), nodeIds(ds), "removed by the API while listed: not added back");
        assertTrue(ds.addReplica(r3.id()));
        awaitRounds(ds, 2);
        assertEquals(List.of(primary.id(), r1.id(), r3.id()), nodeIds(ds), "added by the API: kept though unlisted");

        TestNames.define(replicas, r1.host());
        awaitRounds(ds, 2);
        TestNames.define(replicas, r1.host(), r2.host());
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(10), () -> r2.id() + " listed again, added again",
                () -> nodeIds(ds).contains(r2.id()));
        assertThrows(SQLException.class, () -> ds.removeReplica(primary.id()));
    }

    @Test
    void replicaWeightsCannotBeCombinedWithDnsDiscoveryAndBadValuesNameTheOption() {
        impersonate(Flavor.MARIADB);
        StubNode primary = node(1, 3306);
        RwSplitDataSource weights = open(Flavor.MARIADB, primary.id() + ",replicas.x.test:3306",
                "discovery=dns&replicaWeights=2");
        SQLException e = assertThrows(SQLException.class, weights::getConnection);
        assertTrue(e.getMessage().contains("replicaWeights") && e.getMessage().contains("discovery"), e.getMessage());
        RwSplitDataSource bad = open(Flavor.MARIADB, primary.id(), "discovery=consul");
        e = assertThrows(SQLException.class, bad::getConnection);
        assertTrue(e.getMessage().contains("discovery='consul'") && e.getMessage().contains("dns,primary"),
                e.getMessage());
    }

    private static List<String> nodeIdsQuietly(RwSplitDataSource ds) {
        try {
            return nodeIds(ds);
        } catch (SQLException e) {
            return List.of(e.toString());
        }
    }
}
