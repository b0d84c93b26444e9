package io.rwsplit.driver.internal;

import io.rwsplit.fixtures.stub.StubDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a node's pool DataSource remembers of its connect attempts: the last one's refusal, once it is over. */
class NodeDataSourceTest {
    private static final String SECRET = "Kx7-distinctive-Pw!93";
    private static final GateDriver GATE = new GateDriver();

    @BeforeAll
    static void register() throws SQLException {
        DriverManager.registerDriver(GATE);
    }

    @AfterAll
    static void deregister() throws SQLException {
        DriverManager.deregisterDriver(GATE);
    }

    @Test
    void aRefusedAttemptIsRememberedUntilTheNextAttemptSucceedsOrFailsOtherwise() throws Exception {
        NodeDataSource ds = new NodeDataSource("gate:1", GateDriver.URL, new Properties(), "app", SECRET);
        assertNull(ds.refusal(), "no attempt yet");

        GATE.failure = new SQLException("password authentication failed for user \"app\"", "28P01");
        assertThrows(SQLException.class, () -> ds.getConnection("app", SECRET));
        assertEquals("28P01", ds.refusal().getSQLState());

        GATE.failure = null;
        ds.getConnection("app", SECRET).close();
        assertNull(ds.refusal(), "a connection opened: the configuration is right again");

        GATE.failure = new SQLException("database \"nope\" does not exist", "3D000");
        assertThrows(SQLException.class, ds::getConnection);
        assertEquals("3D000", ds.refusal().getSQLState());

        // The node stops answering: the last attempt says nothing about the configuration any more.
        GATE.failure = new SQLException("Connection refused", "08001");
        assertThrows(SQLException.class, ds::getConnection);
        assertNull(ds.refusal());
    }

    @Test
    void aRefusalIsNotReportedWhileAnotherAttemptIsUnderWay() throws Exception {
        NodeDataSource ds = new NodeDataSource("gate:1", GateDriver.URL, new Properties(), "app", SECRET);
        GATE.failure = new SQLException("password authentication failed for user \"app\"", "28P01");
        assertThrows(SQLException.class, () -> ds.getConnection("app", SECRET));
        assertNotNull(ds.refusal());

        // The password was put right meanwhile; an attempt is on its way and may well succeed.
        GATE.failure = null;
        CountDownLatch open = new CountDownLatch(1);
        GATE.gate = open;
        CompletableFuture<Connection> attempt = CompletableFuture.supplyAsync(() -> {
            try {
                return ds.getConnection("app", SECRET);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(GATE.entered.tryAcquire(30, TimeUnit.SECONDS), "the attempt reached the driver");
        assertNull(ds.refusal(), "the outcome of the attempt under way is not known yet");
        open.countDown();
        attempt.get(30, TimeUnit.SECONDS).close();
        assertNull(ds.refusal());
        GATE.gate = null;
    }

    @Test
    void neitherItsTextNorThePoolsConfigurationShowsThePassword() {
        StubDriver.register();
        try {
            NodeDataSource ds = new NodeDataSource("db1:5432", "jdbc:stub://db1:5432/shop?password=" + SECRET,
                    new Properties(), "app", SECRET);
            assertEquals("NodeDataSource[db1:5432]", ds.toString());
            assertFalse(ds.toString().contains(SECRET));
        } finally {
            StubDriver.deregister();
        }
    }

    /** {@code jdbc:gate:} connects to a stub connection, after {@link #gate} opens, or fails with {@link #failure}. */
    static final class GateDriver implements Driver {
        static final String URL = "jdbc:gate://gate:1/db";
        volatile SQLException failure;
        volatile CountDownLatch gate;
        final java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);
        private final StubDriver stub = new StubDriver();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            CountDownLatch g = gate;
            if (g != null) {
                entered.release();
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", e);
                }
            }
            SQLException f = failure;
            if (f != null) {
                throw new SQLException(f.getMessage(), f.getSQLState(), f.getErrorCode());
            }
            return stub.connect("jdbc:stub://gate:1/db", info);
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith("jdbc:gate:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
    }
}
