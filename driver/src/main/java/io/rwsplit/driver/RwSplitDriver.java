package io.rwsplit.driver;

import io.rwsplit.driver.internal.Cluster;
import io.rwsplit.driver.internal.ClusterConfig;
import io.rwsplit.driver.internal.DriverVersion;
import io.rwsplit.driver.internal.LogicalConnection;
import io.rwsplit.driver.internal.UrlParser;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The rwsplit JDBC driver, for {@code jdbc:rwsplit:<vendor>://<primary>[,<replica>...]/<database>[?<options>]}.
 * Registered with {@link DriverManager} when loaded (and through {@code META-INF/services/java.sql.Driver}).
 *
 * <pre>{@code
 * Connection c = DriverManager.getConnection(
 *     "jdbc:rwsplit:mariadb://db1:3306,db2:3306,db3:3306/shop?criticalTables=inventory&maxReplicaLag=500ms",
 *     "app", secret);
 * }</pre>
 *
 * Connections opened with the same URL, user, password and properties share one cluster: one pool per node, one
 * classification cache, one prober. The vendor driver (MariaDB Connector/J, MySQL Connector/J or pgJDBC) must be
 * on the class path.
 */
public final class RwSplitDriver implements Driver {
    private static final Map<ClusterConfig, Cluster> CLUSTERS = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new RwSplitDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        ClusterConfig config = UrlParser.parse(url, info);
        Cluster cluster = CLUSTERS.get(config);
        if (cluster == null || cluster.isClosed()) {
            synchronized (CLUSTERS) {
                cluster = CLUSTERS.get(config);
                if (cluster == null || cluster.isClosed()) {
                    Cluster created = Cluster.start(config);
                    CLUSTERS.put(config, created);
                    cluster = created;
                }
            }
        }
        return new LogicalConnection(cluster);
    }

    @Override
    public boolean acceptsURL(String url) {
        return UrlParser.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        RwSplitOption[] options = RwSplitOption.values();
        DriverPropertyInfo[] result = new DriverPropertyInfo[options.length];
        for (int i = 0; i < options.length; i++) {
            String value = info == null ? null : info.getProperty(options[i].key());
            result[i] = new DriverPropertyInfo(options[i].key(), value == null ? options[i].defaultValue() : value);
            result[i].description = "rwsplit option (default " + options[i].defaultValue() + ")";
        }
        return result;
    }

    @Override
    public int getMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return DriverVersion.MINOR;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.rwsplit");
    }

    /** Closes every cluster opened through {@link DriverManager} (their pools and probes). */
    public static void closeAll() {
        synchronized (CLUSTERS) {
            for (Cluster c : CLUSTERS.values()) {
                c.close();
            }
            CLUSTERS.clear();
        }
    }
}
