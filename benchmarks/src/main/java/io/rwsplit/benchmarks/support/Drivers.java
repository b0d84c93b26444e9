package io.rwsplit.benchmarks.support;

import io.rwsplit.driver.RwSplitDriver;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The ways a benchmark reaches a {@link Target}: {@code plain} (the vendor driver, one connection to the primary),
 * {@code plain-split} (the vendor driver, reads on a connection to the first replica and writes on a connection to
 * the primary: read/write splitting done by hand, so that a read is compared with a read on the same kind of node),
 * {@code rwsplit} (the rwsplit URL over all nodes) and {@code shardingsphere} (ShardingSphere-JDBC 5.5.2
 * readwrite-splitting over the same nodes: ROUND_ROBIN, transactionalReadQueryStrategy PRIMARY, HikariCP pools).
 */
public final class Drivers {
    private Drivers() {
    }

    /** An open connection and whatever must be closed with it. */
    public interface Opened extends AutoCloseable {
        /** The connection writes use (and reads, unless {@link #readConnection()} says otherwise). */
        Connection connection();

        /** The connection reads use: {@link #connection()} except for {@code plain-split}. */
        default Connection readConnection() {
            return connection();
        }

        @Override
        void close() throws SQLException;
    }

    public static Opened open(String driver, Target target) throws SQLException {
        switch (driver.toLowerCase(Locale.ROOT)) {
            case "plain": {
                Connection c = DriverManager.getConnection(target.nodeUrls().get(0), target.user(), target.password());
                return opened(c, c::close);
            }
            case "plain-split": {
                Connection primary = DriverManager.getConnection(target.nodeUrls().get(0), target.user(),
                        target.password());
                Connection replica;
                try {
                    replica = DriverManager.getConnection(target.nodeUrls().get(1), target.user(), target.password());
                } catch (SQLException e) {
                    primary.close();
                    throw e;
                }
                return new Opened() {
                    @Override
                    public Connection connection() {
                        return primary;
                    }

                    @Override
                    public Connection readConnection() {
                        return replica;
                    }

                    @Override
                    public void close() throws SQLException {
                        try (primary) {
                            replica.close();
                        }
                    }
                };
            }
            case "rwsplit": {
                Connection c = DriverManager.getConnection(target.rwsplitUrl(), target.user(), target.password());
                return opened(c, () -> {
                    c.close();
                    RwSplitDriver.closeAll();
                });
            }
            case "shardingsphere": {
                DataSource ds = shardingSphere(target);
                Connection c = ds.getConnection();
                return opened(c, () -> {
                    c.close();
                    try {
                        ((AutoCloseable) ds).close();
                    } catch (Exception e) {
                        throw new SQLException("closing ShardingSphere data source", e);
                    }
                });
            }
            default:
                throw new IllegalArgumentException("driver '" + driver
                        + "' is not known; accepted: plain, plain-split, rwsplit, shardingsphere");
        }
    }

    private interface Closer {
        void close() throws SQLException;
    }

    private static Opened opened(Connection c, Closer closer) {
        return new Opened() {
            @Override
            public Connection connection() {
                return c;
            }

            @Override
            public void close() throws SQLException {
                closer.close();
            }
        };
    }

    /** A ShardingSphere-JDBC readwrite-splitting data source over the target's nodes, configured by YAML. */
    public static DataSource shardingSphere(Target target) throws SQLException {
        try {
            return YamlShardingSphereDataSourceFactory.createDataSource(shardingSphereYaml(target));
        } catch (IOException e) {
            throw new SQLException("ShardingSphere configuration", e);
        }
    }

    static byte[] shardingSphereYaml(Target target) {
        List<String> urls = target.nodeUrls();
        StringBuilder y = new StringBuilder();
        y.append("databaseName: bench\n");
        y.append("mode:\n  type: Standalone\n  repository:\n    type: JDBC\n");
        y.append("dataSources:\n");
        for (int i = 0; i < urls.size(); i++) {
            y.append("  ").append(dsName(i)).append(":\n");
            y.append("    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n");
            y.append("    driverClassName: ").append(target.driverClass()).append('\n');
            y.append("    jdbcUrl: ").append(quote(urls.get(i))).append('\n');
            y.append("    username: ").append(quote(target.user())).append('\n');
            y.append("    password: ").append(quote(target.password())).append('\n');
            y.append("    maximumPoolSize: 10\n    minimumIdle: 1\n");
        }
        y.append("rules:\n");
        y.append("- !READWRITE_SPLITTING\n");
        y.append("  dataSourceGroups:\n");
        y.append("    readwrite_ds:\n");
        y.append("      writeDataSourceName: ").append(dsName(0)).append('\n');
        y.append("      readDataSourceNames:\n");
        for (int i = 1; i < urls.size(); i++) {
            y.append("        - ").append(dsName(i)).append('\n');
        }
        y.append("      transactionalReadQueryStrategy: PRIMARY\n");
        y.append("      loadBalancerName: round_robin\n");
        y.append("  loadBalancers:\n    round_robin:\n      type: ROUND_ROBIN\n");
        y.append("- !SINGLE\n  tables:\n    - \"*.*\"\n");
        y.append("props:\n  sql-show: false\n");
        return y.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String dsName(int i) {
        return i == 0 ? "primary_ds" : "replica_ds_" + (i - 1);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
