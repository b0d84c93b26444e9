package io.rwsplit.driver.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** One database server: its pool of physical connections, its role and its load. */
public final class Node {
    private final HostAndPort address;
    private final String id;
    private final HikariDataSource pool;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final LongAdder statements = new LongAdder();
    private volatile NodeRole role;
    private volatile int weight;
    private volatile boolean removed;

    Node(HostAndPort address, ClusterConfig config, NodeRole initialRole, int weight) {
        this.address = address;
        this.id = address.toString();
        this.role = initialRole;
        this.weight = weight;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("rwsplit-" + id);
        hc.setJdbcUrl(config.vendorUrl(address));
        if (config.user != null) {
            hc.setUsername(config.user);
        }
        if (config.password != null) {
            hc.setPassword(config.password);
        }
        hc.setDataSourceProperties(config.passThroughProperties);
        hc.setMaximumPoolSize(config.poolMaxSize);
        hc.setMinimumIdle(config.poolMinIdle);
        hc.setConnectionTimeout(Math.max(250, config.acquireTimeoutMillis));
        hc.setValidationTimeout(Math.max(250, Math.min(1000, config.acquireTimeoutMillis / 2)));
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        this.pool = new HikariDataSource(hc);
    }

    public String id() {
        return id;
    }

    public HostAndPort address() {
        return address;
    }

    public NodeRole role() {
        return role;
    }

    void role(NodeRole role) {
        this.role = role;
    }

    public int weight() {
        return weight;
    }

    public int outstanding() {
        return outstanding.get();
    }

    public long statements() {
        return statements.sum();
    }

    boolean isRemoved() {
        return removed;
    }

    /** Borrows a physical connection; counts it as outstanding until {@link #release(Connection)}. */
    Connection borrow() throws SQLException {
        outstanding.incrementAndGet();
        try {
            Connection c = pool.getConnection();
            statements.increment();
            return c;
        } catch (SQLException | RuntimeException e) {
            outstanding.decrementAndGet();
            throw e;
        }
    }

    void release(Connection c) {
        outstanding.decrementAndGet();
        try {
            c.close();
        } catch (SQLException ignored) {
            // Hikari evicts a connection it cannot reset; nothing for the caller to do.
        }
    }

    /**
     * Gives back a connection that carries session state nobody else may inherit (pinned: user variables,
     * temporary tables, locks): the pool closes it instead of lending it again.
     */
    void evict(Connection c) {
        outstanding.decrementAndGet();
        pool.evictConnection(c);
    }

    /** Counts one more statement run on an already borrowed connection. */
    void countStatement() {
        statements.increment();
    }

    HikariDataSource pool() {
        return pool;
    }

    void close() {
        removed = true;
        pool.close();
    }

    @Override
    public String toString() {
        return id + "(" + role + ")";
    }
}
