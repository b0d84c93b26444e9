package io.rwsplit.driver;

import io.rwsplit.driver.internal.Cluster;
import io.rwsplit.driver.internal.ClusterConfig;
import io.rwsplit.driver.internal.HostAndPort;
import io.rwsplit.driver.internal.LogicalConnection;
import io.rwsplit.driver.internal.UrlParser;

import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * rwsplit as a {@link DataSource} JavaBean, for Spring and for pools such as HikariCP:
 *
 * <pre>{@code
 * RwSplitDataSource ds = new RwSplitDataSource();
 * ds.setUrl("jdbc:rwsplit:postgresql://db1:5432,db2:5432/shop");
 * ds.setUsername("app");
 * ds.setPassword(secret);
 * ds.setCriticalTables("inventory,payments");
 * ds.setMaxReplicaLag("500ms");
 * }</pre>
 *
 * The configuration is validated at the first {@link #getConnection()} (or {@link #start()}), then sealed. Close
 * it to stop its pools and probes ({@code destroyMethod="close"} is inferred by Spring).
 */
public class RwSplitDataSource implements DataSource, Closeable {
    private String url;
    private String username;
    private String password;
    private final Properties options = new Properties();
    private final Map<ClusterConfig, Cluster> clusters = new HashMap<>();
    private volatile Cluster cluster;
    private PrintWriter logWriter;
    private int loginTimeout;
    private boolean closed;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        checkNotStarted();
        this.url = url;
    }

    /** Alias of {@link #setUrl(String)} for frameworks that use {@code jdbcUrl}. */
    public void setJdbcUrl(String url) {
        setUrl(url);
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        checkNotStarted();
        this.username = username;
    }

    /** Alias of {@link #setUsername(String)}. */
    public void setUser(String user) {
        setUsername(user);
    }

    public void setPassword(String password) {
        checkNotStarted();
        this.password = password;
    }

    public void setCriticalTables(String tables) {
        set(RwSplitOption.CRITICAL_TABLES, tables);
    }

    public void setMaxReplicaLag(String duration) {
        set(RwSplitOption.MAX_REPLICA_LAG, duration);
    }

    public void setLoadBalance(String balancer) {
        set(RwSplitOption.LOAD_BALANCE, balancer);
    }

    public void setReadYourWrites(String mode) {
        set(RwSplitOption.READ_YOUR_WRITES, mode);
    }

    public void setReplicaWeights(String weights) {
        set(RwSplitOption.REPLICA_WEIGHTS, weights);
    }

    public void setProbeInterval(String duration) {
        set(RwSplitOption.PROBE_INTERVAL, duration);
    }

    public void setAcquireTimeout(String duration) {
        set(RwSplitOption.ACQUIRE_TIMEOUT, duration);
    }

    public void setPoolMaxSize(int size) {
        set(RwSplitOption.POOL_MAX_SIZE, Integer.toString(size));
    }

    public void setPoolMinIdle(int size) {
        set(RwSplitOption.POOL_MIN_IDLE, Integer.toString(size));
    }

    public void setFloorWait(String duration) {
        set(RwSplitOption.FLOOR_WAIT, duration);
    }

    public void setLagAlert(String duration) {
        set(RwSplitOption.LAG_ALERT, duration);
    }

    /** {@code off}, {@code dns}, {@code primary} or {@code dns,primary}: see the README's "Discovery". */
    public void setDiscovery(String sources) {
        set(RwSplitOption.DISCOVERY, sources);
    }

    public void setDiscoveryInterval(String duration) {
        set(RwSplitOption.DISCOVERY_INTERVAL, duration);
    }

    /** Sets any option, rwsplit's own or the vendor driver's (passed through unchanged). */
    public void setOption(String key, String value) {
        checkNotStarted();
        options.setProperty(key, value);
    }

    /** Sets options from properties, rwsplit's own or the vendor driver's. */
    public void setProperties(Properties properties) {
        checkNotStarted();
        options.putAll(properties);
    }

    /** Checks the value against the option table at once, so that a bad setting fails where it is made. */
    private void set(RwSplitOption option, String value) {
        try {
            option.parse(value);
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        setOption(option.key(), value);
    }

    private void checkNotStarted() {
        if (cluster != null) {
            throw new IllegalStateException("RwSplitDataSource is started; its configuration cannot change");
        }
    }

    /** Validates the configuration and starts the pools; otherwise done by the first getConnection(). */
    public synchronized void start() throws SQLException {
        if (closed) {
            throw new SQLException("RwSplitDataSource is closed", "08003");
        }
        if (cluster == null) {
            cluster = clusterFor(username, password);
        }
    }

    private synchronized Cluster clusterFor(String user, String pass) throws SQLException {
        if (url == null) {
            throw new SQLException("RwSplitDataSource has no url (call setUrl with jdbc:rwsplit:...)", "08001");
        }
        Properties info = new Properties();
        info.putAll(options);
        if (user != null) {
            info.setProperty("user", user);
        }
        if (pass != null) {
            info.setProperty("password", pass);
        }
        ClusterConfig config = UrlParser.parse(url, info);
        Cluster c = clusters.get(config);
        if (c == null) {
            c = Cluster.start(config);
            clusters.put(config, c);
        }
        return c;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Cluster c = cluster;
        if (c == null) {
            start();
            c = cluster;
        }
        if (closed) {
            throw new SQLException("RwSplitDataSource is closed", "08003");
        }
        return new LogicalConnection(c);
    }

    @Override
    public Connection getConnection(String user, String pass) throws SQLException {
        if (closed) {
            throw new SQLException("RwSplitDataSource is closed", "08003");
        }
        return new LogicalConnection(clusterFor(user, pass));
    }

    /** The cluster behind this data source (nodes, counters), started if needed. */
    public Cluster cluster() throws SQLException {
        start();
        return cluster;
    }

    /**
     * Adds a replica ({@code host:port}) at run time, without a restart: it is probed at once and serves reads
     * once it is fresh. Returns false if that address is already a node.
     */
    public boolean addReplica(String hostAndPort) throws SQLException {
        return cluster().addReplica(parseAddress(hostAndPort), 1);
    }

    /**
     * Removes a replica ({@code host:port}) at run time; statements running on it finish. Removing the primary
     * is refused. Returns false if no node has that address.
     */
    public boolean removeReplica(String hostAndPort) throws SQLException {
        try {
            return cluster().removeReplica(parseAddress(hostAndPort));
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "HY024", e);
        }
    }

    private HostAndPort parseAddress(String hostAndPort) throws SQLException {
        try {
            HostAndPort address = HostAndPort.parse(hostAndPort, -1);
            if (address.port() < 1) {
                throw new IllegalArgumentException("'" + hostAndPort + "' has no port");
            }
            return address;
        } catch (IllegalArgumentException e) {
            throw new SQLException("replica address must be host:port or [ipv6]:port: " + e.getMessage(), "HY024");
        }
    }

    /** Upper bound of each replica's staleness now, in milliseconds ({@code -1} when unknown), by address. */
    public java.util.Map<String, Long> replicaLagMillis() throws SQLException {
        return cluster().replicaLagMillis();
    }

    /** Registers a listener for lag alerts (raised above {@code lagAlert}, cleared below 80% of it). */
    public void addLagListener(io.rwsplit.consistency.LagListener listener) throws SQLException {
        cluster().addLagListener(listener);
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Cluster c : clusters.values()) {
            c.close();
        }
        clusters.clear();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.rwsplit");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("RwSplitDataSource does not wrap " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "RwSplitDataSource[url=" + (url == null ? null : UrlParser.safeUrl(url)) + ", user=" + username
                + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
