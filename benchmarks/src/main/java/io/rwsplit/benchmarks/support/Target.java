package io.rwsplit.benchmarks.support;

import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The nodes a benchmark runs against: a primary and two replicas holding the table {@code item} with
 * {@link #ROWS} rows. {@code h2}: three in-memory H2 databases in this JVM (driver overhead dominates);
 * {@code postgresql} / {@code mariadb}: a real replication topology on loopback, started here and stopped by
 * {@link #close()}.
 */
public final class Target implements AutoCloseable {
    /** Rows of {@code item}, ids 0 to ROWS-1. */
    public static final int ROWS = 1000;

    /** H2 node names as they appear in the rwsplit URL (port is the h2 vendor's default). */
    private static final String[] H2_HOSTS = {"primary", "replica1", "replica2"};
    private static final String H2_DATABASE = "bench";

    private final String name;
    private final List<String> nodeUrls;
    private final String rwsplitUrl;
    private final String user;
    private final String password;
    private final String driverClass;
    private final ReplicationTopology topology;

    private Target(String name, List<String> nodeUrls, String rwsplitUrl, String user, String password,
                   String driverClass, ReplicationTopology topology) {
        this.name = name;
        this.nodeUrls = List.copyOf(nodeUrls);
        this.rwsplitUrl = rwsplitUrl;
        this.user = user;
        this.password = password;
        this.driverClass = driverClass;
        this.topology = topology;
    }

    /**
     * Starts (or creates) the target and loads the table.
     *
     * @param name         {@code h2}, {@code postgresql} or {@code mariadb}
     * @param rwsplitQuery rwsplit URL options (without '?'), may be empty
     */
    public static Target start(String name, String rwsplitQuery) throws SQLException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "h2":
                return h2(rwsplitQuery);
            case "postgresql":
                return real(name, SharedTopologies.newPostgres("bench"), "org.postgresql.Driver", rwsplitQuery);
            case "mariadb":
                return real(name, SharedTopologies.newMariaDb("bench"), "org.mariadb.jdbc.Driver", rwsplitQuery);
            default:
                throw new IllegalArgumentException("target '" + name + "' is not known; accepted: h2, postgresql, mariadb");
        }
    }

    private static Target h2(String rwsplitQuery) throws SQLException {
        List<String> urls = new ArrayList<>();
        StringBuilder rw = new StringBuilder("jdbc:rwsplit:h2://");
        for (int i = 0; i < H2_HOSTS.length; i++) {
            // Same mapping as the driver's h2 vendor: <db>_<host>_<port>, default port 9092.
            urls.add("jdbc:h2:mem:" + H2_DATABASE + "_" + H2_HOSTS[i] + "_9092;DB_CLOSE_DELAY=-1;MODE=MySQL");
            rw.append(i > 0 ? "," : "").append(H2_HOSTS[i]).append(":9092");
        }
        rw.append('/').append(H2_DATABASE);
        if (!rwsplitQuery.isEmpty()) {
            rw.append('?').append(rwsplitQuery);
        }
        Target t = new Target("h2", urls, rw.toString(), "sa", "", "org.h2.Driver", null);
        for (String url : urls) {
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                load(c);
            }
        }
        return t;
    }

    private static Target real(String name, ReplicationTopology topology, String driverClass, String rwsplitQuery)
            throws SQLException {
        try {
            List<String> urls = new ArrayList<>();
            urls.add(topology.primary().jdbcUrl());
            for (DbNode r : topology.replicas()) {
                urls.add(r.jdbcUrl());
            }
            Target t = new Target(name, urls, topology.rwsplitUrl(rwsplitQuery), topology.appUser(),
                    topology.appPassword(), driverClass, topology);
            try (Connection c = topology.primary().appConnection()) {
                load(c);
            }
            topology.awaitReplication(Duration.ofSeconds(60));
            return t;
        } catch (SQLException | RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    private static void load(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS item");
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, qty INT NOT NULL)");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (id, name, qty) VALUES (?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item-" + i);
                ps.setInt(3, 100 + i % 50);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(auto);
    }

    public String name() {
        return name;
    }

    /** Vendor JDBC URLs: the primary first, then the replicas. */
    public List<String> nodeUrls() {
        return nodeUrls;
    }

    public String rwsplitUrl() {
        return rwsplitUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Vendor driver class, for ShardingSphere's data source configuration. */
    public String driverClass() {
        return driverClass;
    }

    @Override
    public void close() {
        if (topology != null) {
            topology.close();
        }
    }
}
