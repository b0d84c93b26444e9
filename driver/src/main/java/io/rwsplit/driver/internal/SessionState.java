package io.rwsplit.driver.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The JDBC session state of a logical connection (autocommit, read-only, isolation, catalog, schema, network timeout,
 * holdability, type map), tracked locally so that getters never go to the network, and applied to each physical
 * connection when it is borrowed; the pool resets it on return. A value below zero or null means "never set": the
 * physical connection's own default stays.
 */
final class SessionState {
    boolean autoCommit = true;
    boolean readOnly;
    int isolation = -1;
    String catalog;
    String schema;
    int networkTimeout = -1;
    Executor networkTimeoutExecutor;
    int holdability = -1;
    Map<String, Class<?>> typeMap;
    /**
     * Counts changes: a connection obtained before the last change (by a statement whose execution was still open)
     * carries the old state, so it is given back rather than kept.
     */
    private int version;

    int version() {
        return version;
    }

    void changed() {
        version++;
    }

    /**
     * Applies this state to a physical connection fresh from its pool; {@code forHold}: it is held for a transaction
     * (autocommit is off on it too).
     */
    void applyTo(Connection c, boolean forHold) throws SQLException {
        if (forHold && !autoCommit) {
            c.setAutoCommit(false);
        }
        if (readOnly) {
            c.setReadOnly(true);
        }
        if (isolation >= 0) {
            c.setTransactionIsolation(isolation);
        }
        if (catalog != null) {
            c.setCatalog(catalog);
        }
        if (schema != null) {
            c.setSchema(schema);
        }
        if (networkTimeout >= 0) {
            c.setNetworkTimeout(networkTimeoutExecutor, networkTimeout);
        }
        if (holdability >= 0) {
            c.setHoldability(holdability);
        }
        if (typeMap != null) {
            c.setTypeMap(typeMap);
        }
    }
}
