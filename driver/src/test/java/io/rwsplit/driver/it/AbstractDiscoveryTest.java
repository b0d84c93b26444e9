package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.NodeAddressing;
import io.rwsplit.fixtures.Poll;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import io.rwsplit.fixtures.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topology discovery on real replication, with no rwsplit call and no configuration change: a topology whose nodes
 * each listen on a loopback address of their own, all on one port ({@link NodeAddressing#ADDRESS_PER_NODE}), behind
 * a name that resolves to every node ({@link TestNames}, as a DNS server or a Kubernetes headless service would
 * publish it). Two data sources watch it: {@code discovery=dns} over the name, and {@code discovery=primary} over
 * the first primary's address alone.
 *
 * <p>The seed scenario, in one run: a primary with one replica; under 4 readers a second replica is started and
 * published under the name and serves reads; the first replica leaves the name and is stopped, and stops getting
 * reads with zero failed reads; the primary is killed and unpublished, the second replica promoted by the fixture,
 * the old primary rebuilt as a replica and published again, and discovery finds it. Figures are printed as
 * {@code FIGURE} lines; nothing is asserted about time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ReplicaWriteGuard.class)
abstract class AbstractDiscoveryTest implements ReplicaWriteGuard.OnTopology {
    private static final long INTERVAL_MS = 500;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String READ = "SELECT name FROM products WHERE id = 1";

    private ReplicationTopology topology;
    private String name;

    abstract Flavor flavor();

    @Override
    public ReplicationTopology topology() {
        return topology;
    }

    @BeforeAll
    void startTopology() throws SQLException {
        topology = SharedTopologies.newTopology(flavor(), "discovery", 1, NodeAddressing.ADDRESS_PER_NODE);
        Databases.prepare(topology);
        name = "cluster." + flavor().urlVendor() + ".test";
    }

    @AfterAll
    void closeTopology() {
        TestNames.undefine(name);
        if (topology != null) {
            topology.close();
        }
    }

    private void publish(DbNode... nodes) {
        TestNames.define(name, Arrays.stream(nodes).map(DbNode::host).toList());
    }

    private RwSplitDataSource dataSource(String hosts, String options) {
        RwSplitDataSource ds = new RwSplitDataSource();
        ds.setUrl("jdbc:rwsplit:" + flavor().urlVendor() + "://" + hosts + "/" + topology.database() + "?"
                + options + "&discoveryInterval=" + INTERVAL_MS + "ms&readYourWrites=off");
        ds.setUsername(topology.appUser());
        ds.setPassword(topology.appPassword());
        return ds;
    }

    private static List<String> nodes(RwSplitDataSource ds) throws SQLException {
        return Arrays.stream(ds.cluster().nodes()).map(Node::id).toList();
    }

    private static String read(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(READ)) {
            while (rs.next()) {
                // drained
            }
        }
        return c.unwrap(RwSplitConnection.class).lastNode();
    }

    private static String write(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE products SET price = price WHERE id = 1");
        }
        return c.unwrap(RwSplitConnection.class).lastNode();
    }

    /** Polls reads on a new connection of {@code ds} until one runs on {@code node}. */
    private static void awaitRead(RwSplitDataSource ds, DbNode node, String what) throws SQLException {
        try (Connection c = ds.getConnection()) {
            Poll.until(WAIT, Duration.ofMillis(10), () -> what + "; nodes " + quietly(ds),
                    () -> node.address().equals(read(c)));
        }
    }

    private static String quietly(RwSplitDataSource ds) {
        try {
            return nodes(ds) + " " + ds.cluster().discoveryCounts();
        } catch (SQLException e) {
            return e.toString();
        }
    }

    private static long msSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Four threads reading in autocommit through one data source, recording where each read ran. */
    private static final class Readers implements AutoCloseable {
        final Map<String, AtomicLong> reads = new ConcurrentHashMap<>();
        final Map<String, Long> firstRead = new ConcurrentHashMap<>();
        final Map<String, Long> lastRead = new ConcurrentHashMap<>();
        final AtomicLong failures = new AtomicLong();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Readers(RwSplitDataSource ds) {
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try (Connection c = ds.getConnection()) {
                        while (!stop.get()) {
                            try {
                                String node = read(c);
                                long now = System.nanoTime();
                                reads.computeIfAbsent(node, k -> new AtomicLong()).incrementAndGet();
                                firstRead.putIfAbsent(node, now);
                                lastRead.put(node, now);
                            } catch (SQLException e) {
                                failures.incrementAndGet();
                                firstFailure.compareAndSet(null, e);
                            }
                        }
                    } catch (SQLException e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }, "discovery-reader-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    @Test
    void replicasJoinAndLeaveAndTheSeedScenarioRunsWithoutAConfigurationChange() throws Exception {
        ReplicationTopology t = topology;
        DbNode first = t.primary();
        DbNode replica1 = t.replicas().get(0);
        publish(first, replica1);
        String f = flavor().urlVendor();
        try (RwSplitDataSource byName = dataSource(name + ":" + first.port(), "discovery=dns");
             RwSplitDataSource byPrimary = dataSource(first.address(), "discovery=primary")) {
            assertEquals(List.of(first.address(), replica1.address()), nodes(byName), "the name's nodes at start");
            assertEquals(List.of(first.address(), replica1.address()), nodes(byPrimary), "the primary's replicas");

            // 1. A replica joins: started by the fixture, published under the name; no call to rwsplit.
            DbNode replica2;
            long caughtUp;
            try (Readers readers = new Readers(byName)) {
                Poll.until(WAIT, Duration.ofMillis(10), () -> "reads on " + replica1,
                        () -> readers.reads.containsKey(replica1.address()));
                replica2 = t.addReplica();
                caughtUp = System.nanoTime();
                publish(first, replica1, replica2);
                Poll.until(WAIT, Duration.ofMillis(5), () -> "a read on the new replica " + replica2 + "; nodes "
                        + quietly(byName), () -> readers.firstRead.containsKey(replica2.address()));
                long firstRead = (readers.firstRead.get(replica2.address()) - caughtUp) / 1_000_000;
                Poll.until(WAIT, Duration.ofMillis(5), () -> replica2 + " a node of the primary-listing source; "
                        + quietly(byPrimary), () -> nodes(byPrimary).contains(replica2.address()));
                long listed = msSince(caughtUp);
                awaitRead(byPrimary, replica2, "a read on " + replica2 + " through discovery=primary");
                System.out.printf("FIGURE %s discovery: a replica started at run time served its first read %d ms after"
                        + " it had caught up (discovery=dns, discoveryInterval=%dms, 4 readers); discovery=primary had"
                        + " it as a node after %d ms%n", f, firstRead, INTERVAL_MS, listed);

                // 2. A replica leaves: unpublished, then stopped; it stops getting reads, no read fails.
                publish(first, replica2);
                long unpublished = System.nanoTime();
                Poll.until(WAIT, Duration.ofMillis(10), () -> "a discovery round after unpublishing",
                        () -> byName.cluster().discoveryCounts().get("rounds") >= 2
                                && msSince(unpublished) > 2 * INTERVAL_MS);
                assertTrue(nodes(byName).contains(replica1.address()), "unpublished but answering: kept");
                long stopping = System.nanoTime();
                t.stop(replica1);
                long stopped = System.nanoTime();
                Poll.until(WAIT, Duration.ofMillis(10), () -> replica1 + " drained by both; " + quietly(byName)
                        + " / " + quietly(byPrimary), () -> !nodes(byName).contains(replica1.address())
                        && !nodes(byPrimary).contains(replica1.address()));
                long drained = msSince(stopped);
                long readsBefore = readers.reads.get(replica1.address()).get();
                Poll.until(WAIT, Duration.ofMillis(10), () -> "reads go on on " + replica2,
                        () -> readers.reads.get(replica2.address()).get() > 1000);
                assertEquals(readsBefore, readers.reads.get(replica1.address()).get(), "reads on the drained node");
                long lastOnStopped = (readers.lastRead.get(replica1.address()) - stopping) / 1_000_000;
                readers.close();
                System.out.printf("FIGURE %s discovery: a replica unpublished and stopped got its last read %d ms"
                        + " after the stop began and was drained %d ms after it ended; failed reads: %d of %d%n", f,
                        lastOnStopped, drained, readers.failures.get(),
                        readers.reads.values().stream().mapToLong(AtomicLong::get).sum());
                assertEquals(0, readers.failures.get(), () -> "failed reads, first: " + readers.firstFailure.get());
            }

            // 3. The seed scenario: the primary dies and is unpublished, the fixture promotes replica2.
            publish(replica2);
            t.kill(first);
            long killed = System.nanoTime();
            t.promote(replica2);
            try (Connection c = byName.getConnection()) {
                Poll.until(WAIT, Duration.ofMillis(20), () -> "writes on " + replica2,
                        () -> replica2.address().equals(write(c)));
            }
            try (Connection c = byPrimary.getConnection()) {
                Poll.until(WAIT, Duration.ofMillis(20), () -> "writes on " + replica2 + " via discovery=primary",
                        () -> replica2.address().equals(write(c)));
            }
            long writing = msSince(killed);
            Poll.until(WAIT, Duration.ofMillis(10), () -> "the dead old primary drained; " + quietly(byName),
                    () -> !nodes(byName).contains(first.address()));
            assertTrue(nodes(byPrimary).contains(first.address()), "a node the URL gives by address is never drained");

            // 4. The old primary is rebuilt as a replica and published again: discovery finds it.
            t.rejoinAsReplica(first);
            long rejoined = System.nanoTime();
            publish(replica2, first);
            awaitRead(byName, first, "a read on the rebuilt old primary " + first);
            long foundAgain = msSince(rejoined);
            awaitRead(byPrimary, first, "a read on the rebuilt old primary via discovery=primary");
            System.out.printf("FIGURE %s discovery: seed scenario: writes on the promoted replica %d ms after the kill;"
                    + " the rebuilt old primary served a read %d ms after it rejoined (discovery=dns); counts %s%n",
                    f, writing, foundAgain, byName.cluster().discoveryCounts());
            assertEquals(List.of(replica2.address(), first.address()), nodes(byName).stream()
                    .filter(n -> !n.equals(replica1.address())).sorted((a, b) -> a.equals(replica2.address()) ? -1
                            : b.equals(replica2.address()) ? 1 : 0).toList());
            assertFalse(nodes(byName).contains(replica1.address()));
            assertEquals(replica2.address(), byName.cluster().primary().id());
            assertEquals(replica2.address(), byPrimary.cluster().primary().id());
        }
    }
}
