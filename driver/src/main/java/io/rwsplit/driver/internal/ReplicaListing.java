package io.rwsplit.driver.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks the primary which replicas it serves, for {@code discovery=primary}, over a connection of its own (outside
 * the pool), and maps what the server reports to addresses rwsplit can connect to:
 * <ul>
 *   <li>MariaDB / MySQL: {@code SHOW REPLICA HOSTS} (MariaDB 10.5+; {@code SHOW REPLICAS} on MySQL 8.0.22+,
 *   {@code SHOW SLAVE HOSTS} before), columns {@code Host} and {@code Port}: what each replica set as
 *   {@code report_host} and {@code report_port}. Replicas without {@code report_host} are not listed by the server.
 *   The user needs {@code REPLICATION MASTER ADMIN} (MariaDB) or {@code REPLICATION SLAVE} (MySQL).</li>
 *   <li>PostgreSQL: {@code pg_stat_replication}, which shows each standby's {@code application_name} (set in its
 *   {@code primary_conninfo}) and the address it connects from, but not the port it listens on. Convention: a
 *   standby whose {@code application_name} is {@code host:port} (or {@code [v6]:port}) is listed at that address;
 *   any other standby at its {@code client_addr} with the primary's port (servers on their own machines sharing a
 *   port), which only a superuser or a member of {@code pg_read_all_stats} can see.</li>
 * </ul>
 * Not thread-safe: used by the one discovery thread.
 */
final class ReplicaListing implements AutoCloseable {
    private final ClusterConfig config;
    private Connection connection;
    private HostAndPort connectedTo;

    ReplicaListing(ClusterConfig config) {
        this.config = config;
    }

    /** The replicas {@code primary} lists now. */
    List<HostAndPort> list(HostAndPort primary) throws SQLException {
        try {
            if (connection == null || !primary.equals(connectedTo)) {
                close();
                open(primary);
            }
            return config.vendor.isPostgres() ? listPostgres(primary) : listMySql();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(HostAndPort primary) throws SQLException {
        String url = config.vendorUrl(primary);
        Driver driver = DriverManager.getDriver(url);
        Connection c = driver.connect(url, NodeProber.connectProperties(config, config.probeTimeoutMillis));
        if (c == null) {
            throw new SQLException("no JDBC driver accepts " + url, "08001");
        }
        c.setAutoCommit(true);
        connection = c;
        connectedTo = primary;
    }

    private List<HostAndPort> listMySql() throws SQLException {
        SQLException first = null;
        for (String sql : new String[] {"SHOW REPLICA HOSTS", "SHOW REPLICAS", "SHOW SLAVE HOSTS"}) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                int hostColumn = rs.findColumn("Host");
                int portColumn = rs.findColumn("Port");
                Set<HostAndPort> out = new LinkedHashSet<>();
                while (rs.next()) {
                    String host = rs.getString(hostColumn);
                    int port = rs.getInt(portColumn);
                    if (host != null && !host.isBlank() && port > 0 && port <= 65535) {
                        out.add(new HostAndPort(host.trim(), port));
                    }
                }
                return new ArrayList<>(out);
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
                if (!"42000".equals(e.getSQLState()) && e.getErrorCode() != 1064) {
                    // not a syntax error: a privilege or the connection; the other spellings would fail the same way
                    throw e;
                }
            }
        }
        throw first;
    }

    private List<HostAndPort> listPostgres(HostAndPort primary) throws SQLException {
        Set<HostAndPort> out = new LinkedHashSet<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT application_name, host(client_addr) FROM pg_stat_replication")) {
            while (rs.next()) {
                HostAndPort a = fromApplicationName(rs.getString(1));
                if (a == null && rs.getString(2) != null) {
                    a = new HostAndPort(rs.getString(2), primary.port());
                }
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** {@code host:port} or {@code [v6]:port} as a standby's application_name; null for any other name. */
    static HostAndPort fromApplicationName(String name) {
        if (name == null) {
            return null;
        }
        int colon = name.lastIndexOf(':');
        if (colon <= 0 || colon == name.length() - 1) {
            return null;
        }
        for (int i = colon + 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return null;
            }
        }
        try {
            return HostAndPort.parse(name, 0);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        connectedTo = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a broken connection is simply dropped
            }
        }
    }
}
