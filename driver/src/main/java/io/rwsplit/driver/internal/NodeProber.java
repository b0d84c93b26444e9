package io.rwsplit.driver.internal;

import io.rwsplit.consistency.PositionKind;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * Asks one node, over its own connection (outside the pool, so a saturated pool never delays a probe), what it is
 * and how far it has got: one cheap query per probe returning whether the node is read-only and its replication
 * position (written, for a writable node; applied, for a replica). Not thread-safe: one prober per node, run by
 * one probe task at a time.
 */
final class NodeProber {
    /** What one probe learned. */
    record Report(boolean writable, String position) {
    }

    private final ClusterConfig config;
    private final HostAndPort address;
    private final Properties properties;
    private Connection connection;
    private Statement statement;
    private String query;
    private PositionKind kind;
    private boolean lastFailureCounts;
    private final long timeoutMillis;

    NodeProber(ClusterConfig config, HostAndPort address, long timeoutMillis) {
        this.config = config;
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        this.properties = connectProperties(config, timeoutMillis);
    }

    /**
     * The vendor properties of a connection of rwsplit's own, outside the pools (probes, discovery): the pass-through
     * ones, the credentials, and timeouts of {@code timeoutMillis} unless the application set them.
     */
    static Properties connectProperties(ClusterConfig config, long timeoutMillis) {
        Properties properties = new Properties();
        properties.putAll(config.passThroughProperties);
        if (config.user != null) {
            properties.setProperty("user", config.user);
        }
        if (config.password != null) {
            properties.setProperty("password", config.password);
        }
        // Probes must fail fast on a dead node; the vendor's own defaults wait far longer.
        if (config.vendor.isPostgres()) {
            long seconds = Math.max(1, (timeoutMillis + 999) / 1000);
            properties.putIfAbsent("connectTimeout", Long.toString(seconds));
            properties.putIfAbsent("socketTimeout", Long.toString(seconds));
            properties.putIfAbsent("loginTimeout", Long.toString(seconds));
            properties.putIfAbsent("ApplicationName", "rwsplit-probe");
        } else {
            properties.putIfAbsent("connectTimeout", Long.toString(timeoutMillis));
            properties.putIfAbsent("socketTimeout", Long.toString(timeoutMillis));
        }
        return properties;
    }

    /** The kind of position this node reports, known after its first successful probe. */
    PositionKind kind() {
        return kind;
    }

    /**
     * One probe. A probe connection that was cut while the node stays up (an administrator or a proxy ended its
     * session) is replaced and the probe asked again at once, so that a cut session never makes the node look down;
     * a probe that timed out is not repeated (the node did not answer).
     */
    Report probe() throws SQLException {
        boolean reused = connection != null;
        try {
            return ask();
        } catch (SQLException e) {
            if (!reused || !lastFailureCounts || NodeHealthRule.isTimeout(e)) {
                throw e;
            }
            return ask();
        }
    }

    private Report ask() throws SQLException {
        try {
            if (connection == null) {
                open();
            }
            try (ResultSet rs = statement.executeQuery(query)) {
                if (!rs.next()) {
                    throw new SQLException("probe of " + address + " returned no row", "HY000");
                }
                boolean readOnly = rs.getBoolean(1);
                String position = kind == PositionKind.MARIADB_GTID ? rs.getString(readOnly ? 3 : 2) : rs.getString(2);
                return new Report(!readOnly, position);
            }
        } catch (SQLException e) {
            // Judged before the connection is closed: a connection-class error on one that still answers (or an
            // error the server sent while connecting) is the node answering.
            lastFailureCounts = NodeHealthRule.connectionLost(e, connection);
            close();
            throw e;
        } catch (RuntimeException e) {
            lastFailureCounts = false;
            close();
            throw e;
        }
    }

    /** Whether the last failed probe counts against the node ({@link NodeHealthRule}: it could not reach it). */
    boolean lastFailureCounts() {
        return lastFailureCounts;
    }

    private void open() throws SQLException {
        String url = config.vendorUrl(address);
        Driver driver = DriverManager.getDriver(url);
        Connection c = driver.connect(url, properties);
        if (c == null) {
            throw new SQLException("no JDBC driver accepts " + url, "08001");
        }
        try {
            c.setAutoCommit(true);
            // Milliseconds, whatever the vendor's own timeout options count in (pgjdbc's are whole seconds).
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            Statement s = c.createStatement();
            if (config.vendor.isPostgres()) {
                kind = PositionKind.POSTGRES_LSN;
                query = "SELECT r, (CASE WHEN r THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text"
                        + " FROM pg_is_in_recovery() AS r";
            } else {
                String version;
                try (ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                    rs.next();
                    version = rs.getString(1);
                }
                if (version != null && version.toLowerCase(Locale.ROOT).contains("mariadb")) {
                    kind = PositionKind.MARIADB_GTID;
                    query = "SELECT @@GLOBAL.read_only, @@GLOBAL.gtid_binlog_pos, @@GLOBAL.gtid_slave_pos";
                } else {
                    kind = PositionKind.MYSQL_GTID;
                    query = "SELECT @@GLOBAL.read_only OR @@GLOBAL.super_read_only, @@GLOBAL.gtid_executed";
                }
            }
            connection = c;
            statement = s;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
    }

    void close() {
        Connection c = connection;
        connection = null;
        statement = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a broken probe connection is simply dropped
            }
        }
    }
}
