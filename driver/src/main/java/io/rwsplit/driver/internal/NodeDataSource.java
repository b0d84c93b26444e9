package io.rwsplit.driver.internal;

import com.zaxxer.hikari.util.DriverDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The DataSource a node's HikariCP pool opens its connections with: HikariCP's own {@link DriverDataSource} (the
 * vendor URL, pass-through properties and credentials, as HikariCP would build it from a JDBC URL), which also
 * remembers whether the last attempt was refused ({@link ConnectRefusal}) and whether an attempt is under way, so
 * that a borrower waiting for the pool learns of a refusal at once ({@link SlicedBorrow}) rather than after its
 * timeout. HikariCP opens one connection at a time, on its adder thread; nothing here is on a borrow's path.
 */
final class NodeDataSource implements DataSource {
    private final String nodeId;
    private final DriverDataSource driver;
    private final AtomicInteger attempts = new AtomicInteger();
    /** What the server answered the last finished attempt, when that was a refusal; null otherwise. */
    private volatile SQLException refusal;

    NodeDataSource(String nodeId, String vendorUrl, Properties properties, String user, String password) {
        this.nodeId = nodeId;
        this.driver = new DriverDataSource(vendorUrl, null, properties, user, password);
    }

    /**
     * The server's refusal of the last attempt to open a connection, or null: the last attempt succeeded, failed
     * otherwise (the node did not answer: not a refusal), or an attempt is under way (its outcome is not known yet).
     * Whatever its age, it is the server's latest word: HikariCP attempts again as soon as a borrower waits (at once
     * when its adder is idle, else after its current back-off pause, at most 5 s), so a configuration put right on
     * the server is noticed at that attempt.
     */
    SQLException refusal() {
        SQLException r = refusal;
        return r == null || attempts.get() > 0 ? null : r;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return open(null, null, false);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return open(user, password, true);
    }

    private Connection open(String user, String password, boolean withCredentials) throws SQLException {
        attempts.incrementAndGet();
        SQLException refused = null;
        try {
            return withCredentials ? driver.getConnection(user, password) : driver.getConnection();
        } catch (SQLException e) {
            refused = ConnectRefusal.isRefusal(e) ? e : null;
            throw e;
        } finally {
            // Before the attempt ends: a reader that sees no attempt under way sees its outcome.
            refusal = refused;
            attempts.decrementAndGet();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("rwsplit: the pool's DataSource of node " + nodeId + " wraps no " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** The node only: never the URL's options or the credentials. */
    @Override
    public String toString() {
        return "NodeDataSource[" + nodeId + "]";
    }
}
