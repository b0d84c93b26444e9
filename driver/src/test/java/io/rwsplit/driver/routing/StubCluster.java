package io.rwsplit.driver.routing;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.fixtures.Poll;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.stub.StubDriver;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.fixtures.stub.StubReplication;
import io.rwsplit.routing.Reason;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A primary and two replicas of stub nodes behind an {@link RwSplitDataSource}, reached only through the public
 * API. Three kinds:
 * <ul>
 *   <li>{@link Kind#STUB}: {@code jdbc:rwsplit:stub://}, MySQL dialect; the nodes do not replicate, so replicas are
 *       never probed and always count as fresh;</li>
 *   <li>{@link Kind#MARIADB} and {@link Kind#POSTGRESQL}: {@code jdbc:rwsplit:mariadb://} and
 *       {@code jdbc:rwsplit:postgresql://} over the same stub nodes ({@link StubDriver#impersonate}), which answer the
 *       probes with simulated replication positions ({@link StubReplication}): that vendor's dialect and rules
 *       (SERIALIZABLE on PostgreSQL), measured lag, paused replicas.</li>
 * </ul>
 * Node names are unique per cluster, so clusters never share stub nodes.
 */
final class StubCluster implements AutoCloseable {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    enum Kind {
        STUB("stub", null, "jdbc:stub://"),
        MARIADB("mariadb", Flavor.MARIADB, "jdbc:mariadb://"),
        POSTGRESQL("postgresql", Flavor.POSTGRESQL, "jdbc:postgresql://");

        final String urlVendor;
        final Flavor flavor;
        final String vendorPrefix;

        Kind(String urlVendor, Flavor flavor, String vendorPrefix) {
            this.urlVendor = urlVendor;
            this.flavor = flavor;
            this.vendorPrefix = vendorPrefix;
        }

        boolean postgres() {
            return this == POSTGRESQL;
        }

        /** The MySQL-dialect text, or the PostgreSQL one on a PostgreSQL cluster. */
        String sql(String mysql, String postgresql) {
            return postgres() ? postgresql : mysql;
        }
    }

    final Kind kind;
    final StubNode primary;
    final StubNode replica1;
    final StubNode replica2;
    /** Null for {@link Kind#STUB}. */
    final StubReplication replication;
    final RwSplitDataSource dataSource;
    private final StubDriver.Impersonation impersonation;

    private StubCluster(Kind kind, String options) throws SQLException {
        this.kind = kind;
        int n = SEQUENCE.incrementAndGet();
        String prefix = kind.name().toLowerCase(java.util.Locale.ROOT).charAt(0) + Integer.toString(n);
        StubDriver.register();
        impersonation = kind == Kind.STUB ? null : StubDriver.impersonate(kind.vendorPrefix);
        StubDriver driver = StubDriver.shared();
        primary = driver.node(prefix + "-primary", 1);
        replica1 = driver.node(prefix + "-replica1", 2);
        replica2 = driver.node(prefix + "-replica2", 3);
        replication = kind.flavor == null ? null
                : new StubReplication(kind.flavor, primary, List.of(replica1, replica2));
        RwSplitDataSource ds = new RwSplitDataSource();
        try {
            String probe = kind == Kind.STUB || options.contains("probeInterval=") ? "" : "probeInterval=10ms";
            String all = String.join("&", List.of("criticalTables=inventory,payments", probe, options).stream()
                    .filter(s -> !s.isEmpty()).toList());
            ds.setUrl("jdbc:rwsplit:" + kind.urlVendor + "://" + primary.id() + "," + replica1.id() + ","
                    + replica2.id() + "/shop?" + all);
            ds.setUsername("app");
            ds.setPassword("secret");
            dataSource = ds;
            if (replication != null) {
                awaitLag("every replica measured and fresh", lag -> lag.values().stream().allMatch(
                        ms -> ms >= 0 && ms < 100));
            }
        } catch (RuntimeException | Error e) {
            ds.close();
            closeImpersonation();
            throw e;
        }
    }

    static StubCluster start(Kind kind) throws SQLException {
        return new StubCluster(kind, "");
    }

    /** With rwsplit options, such as {@code maxReplicaLag=100ms&readYourWrites=off}. */
    static StubCluster start(Kind kind, String options) throws SQLException {
        return new StubCluster(kind, options);
    }

    Connection open() throws SQLException {
        return dataSource.getConnection();
    }

    static RwSplitConnection rw(Connection c) throws SQLException {
        return c.unwrap(RwSplitConnection.class);
    }

    boolean isReplica(String nodeId) {
        return replica1.id().equals(nodeId) || replica2.id().equals(nodeId);
    }

    StubNode node(String nodeId) {
        for (StubNode s : List.of(primary, replica1, replica2)) {
            if (s.id().equals(nodeId)) {
                return s;
            }
        }
        throw new AssertionError("not a node of this cluster: " + nodeId);
    }

    StubNode otherReplica(StubNode replica) {
        return replica == replica1 ? replica2 : replica1;
    }

    /** Asserts the node and the reason of {@code c}'s last statement. */
    void assertRan(Connection c, StubNode node, Reason reason, String what) throws SQLException {
        RwSplitConnection rw = rw(c);
        assertEquals(node.id() + " " + reason, rw.lastNode() + " " + rw.lastReason(), what);
    }

    /** Asserts that {@code c}'s last statement ran on a replica, for {@code reason}; returns that replica. */
    StubNode assertRanOnAReplica(Connection c, Reason reason, String what) throws SQLException {
        RwSplitConnection rw = rw(c);
        if (!isReplica(rw.lastNode()) || rw.lastReason() != reason) {
            fail(what + ": expected a replica and " + reason + ", but ran on " + rw.lastNode() + " for "
                    + rw.lastReason());
        }
        return node(rw.lastNode());
    }

    /** Polls the measured lag ({@code replicaLagMillis()}) until {@code until} holds, for at most 5 s. */
    void awaitLag(String what, Predicate<Map<String, Long>> until) {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>();
        Poll.until(Duration.ofSeconds(5), Duration.ofMillis(5), () -> what + "; replica lag: " + last.get(), () -> {
            last.set(dataSource.replicaLagMillis());
            return until.test(last.get());
        });
    }

    /** Lag of {@code replica} as measured now, in ms ({@code -1} unknown). */
    long lagOf(StubNode replica) throws SQLException {
        Long ms = dataSource.replicaLagMillis().get(replica.id());
        return ms == null ? -1 : ms;
    }

    @Override
    public void close() {
        try {
            dataSource.close();
        } finally {
            closeImpersonation();
        }
    }

    private void closeImpersonation() {
        if (impersonation != null) {
            impersonation.close();
        }
    }
}
