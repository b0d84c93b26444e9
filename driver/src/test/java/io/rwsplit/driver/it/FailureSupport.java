package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.ReplicationTopology;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Helpers shared by the failure-handling integration tests (dead replicas, failover, chaos). */
final class FailureSupport {
    /** Phrase of an rwsplit error whose statement never reached a server. */
    static final String NOT_SENT = "was not sent";
    /** Phrase of an rwsplit error whose statement may or may not have taken effect. */
    static final String UNKNOWN = "whether it took effect is unknown";

    private FailureSupport() {
    }

    /** A data source over the topology as it is now, with the app user's credentials. */
    static RwSplitDataSource dataSource(ReplicationTopology t, String options) {
        RwSplitDataSource ds = new RwSplitDataSource();
        ds.setUrl(t.rwsplitUrl(options));
        ds.setUsername(t.appUser());
        ds.setPassword(t.appPassword());
        return ds;
    }

    /**
     * Creates a table of logged rows: a surrogate key, so that a row written twice (a silent retry) shows up as two
     * rows with the same {@code id}, not as a key violation.
     */
    static void createRowTable(ReplicationTopology t, String table) throws SQLException {
        String pk = t.flavor() == Flavor.POSTGRESQL ? "pk BIGSERIAL PRIMARY KEY" : "pk BIGINT AUTO_INCREMENT PRIMARY KEY";
        try (Connection c = t.primary().appConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + pk + ", id BIGINT NOT NULL, writer INT NOT NULL)");
        }
    }

    /**
     * One read and one write through the data source before a measured load starts, so that the first calls do not
     * pay for warming up (pools filling, the SQL parser's first use) inside a timed scenario.
     */
    static void warmUp(RwSplitDataSource ds, ReplicationTopology t, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                try (java.sql.ResultSet rs = s.executeQuery("SELECT " + t.serverPortExpression()
                        + " FROM products WHERE id = 1")) {
                    rs.next();
                }
            }
            s.executeUpdate("INSERT INTO " + table + " (id, writer) VALUES (-1, 0)");
            s.executeUpdate("DELETE FROM " + table + " WHERE id = -1");
        }
    }

    /** The driver's node object for a fixture node (by address). */
    static Node driverNode(RwSplitDataSource ds, DbNode node) throws SQLException {
        for (Node n : ds.cluster().nodes()) {
            if (n.id().equals(node.address())) {
                return n;
            }
        }
        throw new IllegalStateException("the driver has no node " + node.address());
    }

    /** SQLState class 08 (connection exception). */
    static boolean isClass08(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /** Whether the application-visible message says if the outcome is known. */
    static boolean statesOutcome(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains(NOT_SENT) || m.contains(UNKNOWN) || UNKNOWN_OUTCOME.matcher(m).find();
    }

    /** "whether the transaction committed is unknown" and the like. */
    private static final java.util.regex.Pattern UNKNOWN_OUTCOME = java.util.regex.Pattern.compile("whether .* unknown");

    /** Exception chain on one line: class, SQLState, message of each cause. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable x = e; x != null; x = x.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(x.getClass().getSimpleName());
            if (x instanceof SQLException) {
                sb.append('[').append(((SQLException) x).getSQLState()).append(']');
            }
            sb.append(": ").append(x.getMessage());
            if (x.getCause() == x) {
                break;
            }
        }
        return sb.toString();
    }

    /** Waits until {@code untilNanos} on the monotonic clock: the pacing of a schedule, not a synchronization. */
    static void sleepUntil(long untilNanos) throws InterruptedException {
        long left;
        while ((left = untilNanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
        }
    }

    static long millisBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** Counts by key, printable in key order. */
    static final class Counts {
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        void add(String key) {
            counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }

        long get(String key) {
            AtomicLong v = counts.get(key);
            return v == null ? 0 : v.get();
        }

        long total() {
            long sum = 0;
            for (AtomicLong v : counts.values()) {
                sum += v.get();
            }
            return sum;
        }

        @Override
        public String toString() {
            Map<String, Long> sorted = new TreeMap<>();
            counts.forEach((k, v) -> sorted.put(k, v.get()));
            return sorted.toString();
        }
    }

    /** {@code name:port} of a fixture node, for figures. */
    static String label(DbNode n) {
        return n.name() + ":" + n.port();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
